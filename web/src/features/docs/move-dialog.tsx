import { useMemo, useState } from "react";
import { FormField } from "../../components/form-field.tsx";
import { Alert } from "../../components/ui/alert.tsx";
import { Button } from "../../components/ui/button.tsx";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from "../../components/ui/dialog.tsx";
import { inputClass } from "../../components/ui/input.tsx";
import { errorMessage } from "../../lib/api.ts";
import { useOperationMutation } from "../../lib/operations.ts";
import { buildTree, childrenOf, descendantIds, flatten, type TreeEntry } from "./tree.ts";

const TOP = "";

/** "Move to…": pick a new parent and a place among its pages; the keyboard way to re-parent. */
export function MoveDialog(props: { pageId: string; entries: TreeEntry[]; onClose: () => void }) {
  const { pageId, entries, onClose } = props;
  const page = entries.find((e) => e.id === pageId);
  const [parentId, setParentId] = useState(page?.parentId ?? TOP);
  const siblings = childrenOf(entries, parentId || null).filter((e) => e.id !== pageId);
  // Where it is now: its index among its siblings is the same place among the others.
  const [position, setPosition] = useState(() =>
    String(
      Math.max(
        0,
        childrenOf(entries, page?.parentId ?? null).findIndex((e) => e.id === pageId),
      ),
    ),
  );
  const move = useOperationMutation("docs.move");
  const excluded = useMemo(
    () => new Set([pageId, ...descendantIds(entries, pageId)]),
    [entries, pageId],
  );
  const choices = flatten(buildTree(entries)).filter((n) => !excluded.has(n.page.id));

  if (!page) return null;
  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    await move.mutateAsync({ id: pageId, parentId: parentId || null, position: Number(position) });
    onClose();
  };
  return (
    <Dialog open onOpenChange={(open) => !open && onClose()}>
      <DialogContent>
        <form onSubmit={submit} className="grid gap-4">
          <DialogHeader>
            <DialogTitle>Move “{page.title}”</DialogTitle>
            <DialogDescription>Its sub-pages move with it.</DialogDescription>
          </DialogHeader>
          <FormField id="move-parent" label="Put it under">
            <select
              id="move-parent"
              className={inputClass}
              value={parentId}
              onChange={(e) => {
                setParentId(e.target.value);
                setPosition(
                  String(
                    childrenOf(entries, e.target.value || null).filter((x) => x.id !== pageId)
                      .length,
                  ),
                );
              }}
            >
              <option value={TOP}>Top level</option>
              {choices.map((n) => (
                <option key={n.page.id} value={n.page.id}>
                  {`${"\u00a0\u00a0".repeat(n.depth + 1)}${n.page.title}`}
                </option>
              ))}
            </select>
          </FormField>
          <FormField id="move-position" label="Place">
            <select
              id="move-position"
              className={inputClass}
              value={position}
              onChange={(e) => setPosition(e.target.value)}
            >
              <option value="0">First</option>
              {siblings.map((s, i) => (
                <option key={s.id} value={String(i + 1)}>
                  After “{s.title}”
                </option>
              ))}
            </select>
          </FormField>
          {move.isError && <Alert variant="destructive">{errorMessage(move.error)}</Alert>}
          <DialogFooter>
            <Button variant="outline" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={move.isPending} data-testid="move-submit">
              Move
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
