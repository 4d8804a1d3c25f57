import { Plus, X } from "lucide-react";
import { useState } from "react";
import { Alert } from "../../components/ui/alert.tsx";
import { Badge } from "../../components/ui/badge.tsx";
import { Button } from "../../components/ui/button.tsx";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from "../../components/ui/dialog.tsx";
import { Input } from "../../components/ui/input.tsx";
import { errorMessage } from "../../lib/api.ts";
import { useOperationMutation } from "../../lib/operations.ts";
import { can } from "../../lib/roles.ts";
import { useSession } from "../../lib/session.tsx";
import { tagText } from "./resource-labels.ts";

interface Row {
  key: string;
  value: string;
}

/** The resource's tags, and (for those who may operate resources) an editor that writes them back. */
export function TagEditor(props: {
  resourceId: string;
  tags: Record<string, string>;
  editable: boolean;
}) {
  const { role } = useSession();
  const [open, setOpen] = useState(false);
  const tags = Object.entries(props.tags);
  return (
    <div className="grid gap-2">
      <div className="flex items-center gap-2">
        <h3 className="text-sm font-medium">Tags</h3>
        {props.editable && can(role, "resources:operate") && (
          <Button size="sm" variant="outline" onClick={() => setOpen(true)} data-testid="edit-tags">
            Edit tags
          </Button>
        )}
      </div>
      {tags.length === 0 ? (
        <p className="text-sm text-muted-foreground">No tags.</p>
      ) : (
        <ul className="flex flex-wrap gap-1" aria-label="Tags">
          {tags.map(([key, value]) => (
            <li key={key}>
              <Badge variant="outline">{tagText(key, value)}</Badge>
            </li>
          ))}
        </ul>
      )}
      {open && (
        <TagDialog resourceId={props.resourceId} tags={props.tags} onClose={() => setOpen(false)} />
      )}
    </div>
  );
}

/** What to send: tags new or changed, and keys no longer present. */
function changeOf(before: Record<string, string>, rows: Row[]) {
  const after = new Map(rows.filter((r) => r.key.trim()).map((r) => [r.key.trim(), r.value]));
  const set: Record<string, string> = {};
  for (const [key, value] of after) if (before[key] !== value) set[key] = value;
  const remove = Object.keys(before).filter((key) => !after.has(key));
  return { set, remove };
}

function TagDialog(props: {
  resourceId: string;
  tags: Record<string, string>;
  onClose: () => void;
}) {
  const [rows, setRows] = useState<Row[]>(() =>
    Object.entries(props.tags).map(([key, value]) => ({ key, value })),
  );
  const save = useOperationMutation("resources.setTags", { onSuccess: props.onClose });
  const change = changeOf(props.tags, rows);
  const nothing = Object.keys(change.set).length + change.remove.length === 0;
  const update = (i: number, patch: Partial<Row>) =>
    setRows(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <Dialog open onOpenChange={(o) => !o && props.onClose()}>
      <DialogContent className="max-w-lg">
        <DialogHeader>
          <DialogTitle>Edit tags</DialogTitle>
          <DialogDescription>
            Saved at the provider first (EC2 and Azure tags, Google Cloud labels, DigitalOcean
            key:value tags), then here; the change history records who changed what.
          </DialogDescription>
        </DialogHeader>
        {save.error && <Alert variant="destructive">{errorMessage(save.error)}</Alert>}
        <div className="grid gap-2">
          {rows.map((row, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place; keys change as typed
            <div key={i} className="flex gap-2">
              <Input
                aria-label={`Tag ${i + 1} key`}
                placeholder="key"
                value={row.key}
                onChange={(e) => update(i, { key: e.target.value })}
                data-testid="tag-key"
              />
              <Input
                aria-label={`Tag ${i + 1} value`}
                placeholder="value"
                value={row.value}
                onChange={(e) => update(i, { value: e.target.value })}
                data-testid="tag-value"
              />
              <Button
                size="icon"
                variant="ghost"
                aria-label={`Remove tag ${row.key}`}
                onClick={() => setRows(rows.filter((_, j) => j !== i))}
              >
                <X className="size-4" aria-hidden />
              </Button>
            </div>
          ))}
          <Button
            size="sm"
            variant="outline"
            className="w-fit"
            onClick={() => setRows([...rows, { key: "", value: "" }])}
            data-testid="add-tag"
          >
            <Plus className="size-4" aria-hidden /> Add tag
          </Button>
        </div>
        <DialogFooter>
          <Button variant="outline" onClick={props.onClose}>
            Cancel
          </Button>
          <Button
            disabled={nothing || save.isPending}
            onClick={() => save.mutate({ id: props.resourceId, ...change })}
            data-testid="save-tags"
          >
            Save tags
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
