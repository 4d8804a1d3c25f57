import { Tag } from "lucide-react";
import { type FormEvent, useState } from "react";
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
import { Label } from "../../components/ui/label.tsx";
import {
  Select,
  SelectContent,
  SelectItem,
  SelectTrigger,
  SelectValue,
} from "../../components/ui/select.tsx";
import { useOperation } from "../../lib/operations.ts";
import type { Range } from "./period.ts";

interface TagFilterDialogProps {
  tagKeys: string[];
  range: Range;
  onAdd: (key: string, value: string) => void;
}

/** Adds a key = value tag filter; the values seen for the key in the period are suggested. */
export function TagFilterDialog({ tagKeys, range, onAdd }: TagFilterDialogProps) {
  const [open, setOpen] = useState(false);
  const [key, setKey] = useState("");
  const [value, setValue] = useState("");
  const seen = useOperation(
    "costs.summary",
    { ...range, groupBy: `tag:${key}`, limit: 200 },
    { enabled: open && key !== "" },
  );
  const suggestions = (seen.data?.groups ?? []).flatMap((g) => (g.key === null ? [] : [g.key]));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!key || !value.trim()) return;
    onAdd(key, value.trim());
    setValue("");
    setOpen(false);
  };
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <Button
        variant="outline"
        size="sm"
        onClick={() => setOpen(true)}
        disabled={tagKeys.length === 0}
        title={tagKeys.length === 0 ? "No tagged costs in this period" : undefined}
      >
        <Tag aria-hidden /> Tag
      </Button>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Filter by tag</DialogTitle>
          <DialogDescription>
            Only costs of resources tagged with this key and value.
          </DialogDescription>
        </DialogHeader>
        <form id="costs-tag-filter" onSubmit={submit} className="grid gap-4">
          <div className="grid gap-1.5">
            <Label htmlFor="costs-tag-key">Key</Label>
            <Select value={key} onValueChange={setKey}>
              <SelectTrigger id="costs-tag-key">
                <SelectValue placeholder="Choose a tag key" />
              </SelectTrigger>
              <SelectContent className="max-h-72">
                {tagKeys.map((k) => (
                  <SelectItem key={k} value={k}>
                    {k}
                  </SelectItem>
                ))}
              </SelectContent>
            </Select>
          </div>
          <div className="grid gap-1.5">
            <Label htmlFor="costs-tag-value">Value</Label>
            <Input
              id="costs-tag-value"
              list="costs-tag-values"
              value={value}
              onChange={(e) => setValue(e.target.value)}
              placeholder={suggestions[0] ? `e.g. ${suggestions[0]}` : "Value"}
              autoComplete="off"
            />
            <datalist id="costs-tag-values">
              {suggestions.map((s) => (
                <option key={s} value={s} />
              ))}
            </datalist>
          </div>
        </form>
        <DialogFooter>
          <Button variant="outline" onClick={() => setOpen(false)}>
            Cancel
          </Button>
          <Button type="submit" form="costs-tag-filter" disabled={!key || !value.trim()}>
            Add filter
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
