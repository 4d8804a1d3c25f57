import { type FormEvent, useState } from "react";
import { FormField } from "../../../components/form-field.tsx";
import { Alert } from "../../../components/ui/alert.tsx";
import { Button } from "../../../components/ui/button.tsx";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from "../../../components/ui/dialog.tsx";
import { Input } from "../../../components/ui/input.tsx";
import { useToast } from "../../../components/ui/toast.tsx";
import { errorMessage } from "../../../lib/api.ts";
import { useOperation, useOperationMutation } from "../../../lib/operations.ts";
import type { ExplorerFilters } from "../explorer-state.ts";
import type { Range } from "../period.ts";
import { filtersOf, matchOf, type Rule, type Share } from "./allocation-rules.ts";
import { MatchEditor } from "./match-editor.tsx";
import { SharesEditor } from "./shares-editor.tsx";

interface RuleDialogProps {
  /** The rule to edit; none to create one (it applies after the existing rules). */
  rule?: Rule;
  range: Range;
  onClose: () => void;
}

/** Values of a tag seen in the period: the names offered for clients and projects. */
function useTagValues(range: Range, key: string): string[] {
  const summary = useOperation("costs.summary", { ...range, groupBy: `tag:${key}`, limit: 200 });
  return (summary.data?.groups ?? []).flatMap((g) => (g.key === null ? [] : [g.key]));
}

/**
 * Creates or edits an allocation rule: a name, the costs it matches and how they are shared.
 * Mounted only while open, so each opening starts from the rule as saved.
 */
export function RuleDialog({ rule, range, onClose }: RuleDialogProps) {
  const toast = useToast();
  const [name, setName] = useState(rule?.name ?? "");
  const [filters, setFilters] = useState<ExplorerFilters>(() =>
    rule ? filtersOf(rule.match) : { columns: {}, tags: {} },
  );
  const [shares, setShares] = useState<Share[]>(
    rule?.targets ?? [{ kind: "client", key: "", percent: "100" }],
  );
  const suggestions = {
    client: useTagValues(range, "client"),
    project: useTagValues(range, "project"),
  };
  const done = (saved: { name: string }) => {
    toast({ title: `Rule ${saved.name} ${rule ? "saved" : "created"}` });
    onClose();
  };
  const create = useOperationMutation("costs.allocation.rules.create", { onSuccess: done });
  const update = useOperationMutation("costs.allocation.rules.update", { onSuccess: done });
  const save = rule ? update : create;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    // The tag picker's dialog is portalled but still inside this form in React's tree, and its
    // submit event bubbles here: only this form's own submit saves the rule.
    if (event.target !== event.currentTarget) return;
    const input = {
      name,
      match: matchOf(filters),
      targets: shares.map((s) => ({ ...s, key: s.key.trim() })),
    };
    if (rule) update.mutate({ ...input, id: rule.id, priority: rule.priority });
    else create.mutate(input);
  };

  return (
    <Dialog open onOpenChange={(open) => !open && onClose()}>
      <DialogContent className="sm:max-w-2xl" aria-describedby="allocation-rule-description">
        <DialogHeader>
          <DialogTitle>{rule ? `Edit ${rule.name}` : "New allocation rule"}</DialogTitle>
          <DialogDescription id="allocation-rule-description">
            Each cost goes to the first rule that matches it, split by the rule's shares. What no
            rule matches stays unallocated.
          </DialogDescription>
        </DialogHeader>
        <form id="allocation-rule" onSubmit={submit} className="grid gap-5" noValidate>
          {save.error && (
            // The server's own words: it names the field and what is wrong with it.
            <Alert variant="destructive" data-testid="allocation-rule-error">
              {errorMessage(save.error)}
            </Alert>
          )}
          <FormField id="allocation-rule-name" label="Name">
            <Input
              id="allocation-rule-name"
              value={name}
              onChange={(e) => setName(e.target.value)}
              placeholder="e.g. Acme's tagged resources"
              autoComplete="off"
              maxLength={120}
            />
          </FormField>
          <MatchEditor filters={filters} onChange={setFilters} range={range} />
          <SharesEditor shares={shares} onChange={setShares} suggestions={suggestions} />
        </form>
        <DialogFooter>
          <Button variant="outline" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" form="allocation-rule" loading={save.isPending}>
            {rule ? "Save rule" : "Create rule"}
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
