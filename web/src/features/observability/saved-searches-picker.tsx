import { Bookmark, Trash2 } from "lucide-react";
import { type FormEvent, useState } from "react";
import { Button } from "../../components/ui/button.tsx";
import {
  Dialog,
  DialogContent,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from "../../components/ui/dialog.tsx";
import { Input, inputClass } from "../../components/ui/input.tsx";
import { Label } from "../../components/ui/label.tsx";
import { useToast } from "../../components/ui/toast.tsx";
import { errorMessage, type OperationOutput } from "../../lib/api.ts";
import { useOperation, useOperationMutation } from "../../lib/operations.ts";
import { can } from "../../lib/roles.ts";
import { useSession } from "../../lib/session.tsx";

export type SavedQuery = OperationOutput<"logs.savedSearches.list">[number]["query"];

/** Saved searches of the workspace: apply one, save the current search, delete one's own. */
export function SavedSearchesPicker(props: {
  current: SavedQuery;
  onApply: (query: SavedQuery) => void;
}) {
  const { role } = useSession();
  const toast = useToast();
  const list = useOperation("logs.savedSearches.list", {});
  const create = useOperationMutation("logs.savedSearches.create");
  const remove = useOperationMutation("logs.savedSearches.delete");
  const [selected, setSelected] = useState("");
  const [naming, setNaming] = useState(false);
  const [name, setName] = useState("");
  const chosen = list.data?.find((s) => s.id === selected);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const trimmed = name.trim();
    if (!trimmed) return;
    try {
      const saved = await create.mutateAsync({ name: trimmed, query: props.current });
      setSelected(saved.id);
      setNaming(false);
      setName("");
      toast({ title: `Saved “${trimmed}”`, variant: "success" });
    } catch {
      // The dialog stays open with the reason (a duplicate name, say) under the field.
    }
  };

  return (
    <div className="flex items-end gap-2">
      <label className="grid gap-1 text-sm">
        <span className="text-muted-foreground">Saved searches</span>
        <select
          className={inputClass}
          value={selected}
          onChange={(e) => {
            setSelected(e.target.value);
            const found = list.data?.find((s) => s.id === e.target.value);
            if (found) props.onApply(found.query);
          }}
          data-testid="saved-searches"
        >
          <option value="">{list.data?.length ? "Choose…" : "None yet"}</option>
          {(list.data ?? []).map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </select>
      </label>
      {can(role, "logs:save") && (
        <Dialog
          open={naming}
          onOpenChange={(open) => {
            setNaming(open);
            if (!open) create.reset();
          }}
        >
          <Button
            type="button"
            variant="outline"
            onClick={() => setNaming(true)}
            data-testid="save-search"
          >
            <Bookmark aria-hidden /> Save search
          </Button>
          <DialogContent>
            <form onSubmit={save} className="grid gap-4">
              <DialogHeader>
                <DialogTitle>Save this search</DialogTitle>
              </DialogHeader>
              <div className="grid gap-1.5">
                <Label htmlFor="saved-search-name">Name</Label>
                <Input
                  id="saved-search-name"
                  value={name}
                  maxLength={120}
                  onChange={(e) => setName(e.target.value)}
                  placeholder="Checkout errors, last hour"
                  autoFocus
                  required
                />
                <p className="text-xs text-muted-foreground">
                  Everyone in the workspace can apply it; you can delete it.
                </p>
              </div>
              {create.error && (
                <p role="alert" className="text-sm text-destructive">
                  {errorMessage(create.error)}
                </p>
              )}
              <DialogFooter>
                <Button type="submit" disabled={create.isPending || !name.trim()}>
                  Save
                </Button>
              </DialogFooter>
            </form>
          </DialogContent>
        </Dialog>
      )}
      {chosen?.canDelete && (
        <Button
          type="button"
          variant="outline"
          aria-label={`Delete saved search ${chosen.name}`}
          onClick={async () => {
            await remove.mutateAsync({ id: chosen.id });
            setSelected("");
          }}
        >
          <Trash2 aria-hidden />
        </Button>
      )}
    </div>
  );
}
