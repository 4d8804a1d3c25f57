import { Bookmark, Trash2 } from "lucide-react";
import { useState } from "react";
import { Button } from "../../components/ui/button.tsx";
import { inputClass } from "../../components/ui/input.tsx";
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
  const chosen = list.data?.find((s) => s.id === selected);

  const save = async () => {
    const name = window.prompt("Name this search")?.trim();
    if (!name) return;
    try {
      const saved = await create.mutateAsync({ name, query: props.current });
      setSelected(saved.id);
      toast({ title: `Saved “${name}”`, variant: "success" });
    } catch (e) {
      toast({ title: "Could not save the search", description: errorMessage(e), variant: "error" });
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
        <Button type="button" variant="outline" onClick={save} data-testid="save-search">
          <Bookmark aria-hidden /> Save search
        </Button>
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
