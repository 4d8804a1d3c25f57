import { Bookmark, Save, Trash2 } from "lucide-react";
import { type FormEvent, useState } from "react";
import { Button } from "../../../components/ui/button.tsx";
import { Checkbox } from "../../../components/ui/checkbox.tsx";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "../../../components/ui/dropdown-menu.tsx";
import { Input } from "../../../components/ui/input.tsx";
import { Label } from "../../../components/ui/label.tsx";
import { useToast } from "../../../components/ui/toast.tsx";
import type { OperationOutput } from "../../../lib/api.ts";
import { errorMessage } from "../../../lib/api.ts";
import { useOperation, useOperationMutation } from "../../../lib/operations.ts";
import type { Filters, Grouping } from "./list-filters.tsx";

type View = OperationOutput<"views.list">[number];

/** Saved views of the list: pick one to apply it, save the current filters as a new one. */
export function SavedViews({
  projectId,
  filters,
  groupBy,
  canWrite,
  onApply,
}: {
  projectId: string;
  filters: Filters;
  groupBy: Grouping;
  canWrite: boolean;
  onApply: (view: View) => void;
}) {
  const toast = useToast();
  const views = useOperation("views.list", { projectId });
  const create = useOperationMutation("views.create");
  const remove = useOperationMutation("views.delete");
  const [isSaving, setIsSaving] = useState(false);
  const [name, setName] = useState("");
  const [shared, setShared] = useState(false);
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(
      {
        name,
        projectId,
        shared,
        query: { filters: { ...filters, projectId: undefined }, groupBy },
      },
      {
        onSuccess: (view) => {
          setIsSaving(false);
          setName("");
          toast({ title: `View “${view.name}” saved` });
        },
        onError: (e) =>
          toast({ title: "View not saved", description: errorMessage(e), variant: "error" }),
      },
    );
  };
  return (
    <div className="flex flex-wrap items-center gap-2">
      <DropdownMenu>
        <DropdownMenuTrigger asChild>
          <Button variant="outline" size="sm" data-testid="saved-views">
            <Bookmark aria-hidden /> Views{views.data?.length ? ` (${views.data.length})` : ""}
          </Button>
        </DropdownMenuTrigger>
        <DropdownMenuContent align="start" className="min-w-56">
          <DropdownMenuLabel>Saved views</DropdownMenuLabel>
          <DropdownMenuSeparator />
          {(views.data ?? []).length === 0 && (
            <p className="px-2 py-1.5 text-sm text-muted-foreground">None yet</p>
          )}
          {(views.data ?? []).map((v) => (
            <DropdownMenuItem
              key={v.id}
              onSelect={() => onApply(v)}
              className="flex items-center gap-2"
            >
              <span className="flex-1 truncate">{v.name}</span>
              {!v.isMine && <span className="text-xs text-muted-foreground">{v.ownerName}</span>}
              {v.shared && v.isMine && (
                <span className="text-xs text-muted-foreground">shared</span>
              )}
              {v.isMine && (
                <button
                  type="button"
                  className="rounded p-0.5 text-muted-foreground hover:text-destructive"
                  aria-label={`Delete view ${v.name}`}
                  onClick={(e) => {
                    e.stopPropagation();
                    remove.mutate({ id: v.id });
                  }}
                >
                  <Trash2 className="size-3.5" aria-hidden />
                </button>
              )}
            </DropdownMenuItem>
          ))}
        </DropdownMenuContent>
      </DropdownMenu>
      {canWrite && !isSaving && (
        <Button variant="ghost" size="sm" onClick={() => setIsSaving(true)}>
          <Save aria-hidden /> Save view
        </Button>
      )}
      {isSaving && (
        <form onSubmit={onSubmit} className="flex flex-wrap items-center gap-2">
          <Input
            value={name}
            onChange={(e) => setName(e.target.value)}
            placeholder="View name"
            aria-label="View name"
            className="h-8 w-44"
            autoFocus
          />
          <div className="flex items-center gap-1.5">
            <Checkbox
              id="view-shared"
              checked={shared}
              onCheckedChange={(v) => setShared(v === true)}
            />
            <Label htmlFor="view-shared" className="text-xs font-normal">
              Share with the workspace
            </Label>
          </div>
          <Button type="submit" size="sm" loading={create.isPending}>
            Save
          </Button>
          <Button variant="ghost" size="sm" onClick={() => setIsSaving(false)}>
            Cancel
          </Button>
        </form>
      )}
    </div>
  );
}
