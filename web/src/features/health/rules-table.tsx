import { useState } from "react";
import { ConfirmDialog } from "../../components/confirm-dialog.tsx";
import { Button } from "../../components/ui/button.tsx";
import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "../../components/ui/table.tsx";
import type { OperationOutput } from "../../lib/api.ts";
import { errorMessage } from "../../lib/api.ts";
import { useOperationMutation } from "../../lib/operations.ts";
import { describeRule } from "./telemetry-rule-params.ts";

type Rule = OperationOutput<"alerts.rules.list">[number];

/** "5 min", "30 s", "2 h": how long a condition must hold before the alert fires. */
function holdFor(seconds: number): string {
  if (seconds === 0) return "at once";
  if (seconds % 3600 === 0) return `${seconds / 3600} h`;
  if (seconds % 60 === 0) return `${seconds / 60} min`;
  return `${seconds} s`;
}

/**
 * The workspace's alert rules, one row each: what it watches, how long the condition must hold,
 * its severity and whether it is on. Managers edit a rule (in the form above the table), turn it
 * off (its open alerts resolve at once) or delete it with its alerts' history.
 */
export function RulesTable({
  rules,
  canManage,
  onEdit,
}: {
  rules: Rule[];
  canManage: boolean;
  onEdit: (rule: Rule) => void;
}) {
  const update = useOperationMutation("alerts.rules.update");
  const remove = useOperationMutation("alerts.rules.delete");
  const [deleting, setDeleting] = useState<Rule | null>(null);
  return (
    <>
      {update.error && (
        <p role="alert" className="text-sm text-destructive">
          {errorMessage(update.error)}
        </p>
      )}
      <Table aria-label="Alert rules">
        <TableHeader>
          <TableRow>
            <TableHead>Rule</TableHead>
            <TableHead className="hidden md:table-cell">Condition</TableHead>
            <TableHead>For</TableHead>
            <TableHead>Severity</TableHead>
            <TableHead>State</TableHead>
            {canManage && <TableHead className="text-right">Actions</TableHead>}
          </TableRow>
        </TableHeader>
        <TableBody>
          {rules.map((rule) => (
            <TableRow key={rule.id} className={rule.isEnabled ? "" : "text-muted-foreground"}>
              <TableCell>
                <span className="font-medium">{rule.name}</span>
                {/* On small screens the condition goes under the name instead of its column. */}
                <span className="block text-xs text-muted-foreground md:hidden">
                  {describeRule(rule.kind, rule.params)}
                </span>
              </TableCell>
              <TableCell className="hidden md:table-cell [overflow-wrap:anywhere]">
                {describeRule(rule.kind, rule.params)}
              </TableCell>
              <TableCell className="whitespace-nowrap">{holdFor(rule.forSeconds)}</TableCell>
              <TableCell>{rule.severity}</TableCell>
              <TableCell>{rule.isEnabled ? "on" : "off"}</TableCell>
              {canManage && (
                <TableCell className="text-right whitespace-nowrap">
                  <Button
                    size="sm"
                    variant="outline"
                    aria-label={`Edit ${rule.name}`}
                    onClick={() => onEdit(rule)}
                  >
                    Edit
                  </Button>{" "}
                  <Button
                    size="sm"
                    variant="outline"
                    disabled={update.isPending}
                    aria-label={`${rule.isEnabled ? "Turn off" : "Turn on"} ${rule.name}`}
                    onClick={() => update.mutate({ id: rule.id, isEnabled: !rule.isEnabled })}
                  >
                    {rule.isEnabled ? "Turn off" : "Turn on"}
                  </Button>{" "}
                  <Button
                    size="sm"
                    variant="outline"
                    aria-label={`Delete ${rule.name}`}
                    onClick={() => setDeleting(rule)}
                  >
                    Delete
                  </Button>
                </TableCell>
              )}
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <ConfirmDialog
        open={deleting !== null}
        onOpenChange={(open) => !open && setDeleting(null)}
        title={`Delete the rule “${deleting?.name ?? ""}”?`}
        description="Its alerts and their history go with it; incidents keep their timelines. Turn it off instead to keep the history."
        confirmLabel="Delete rule"
        onConfirm={() => remove.mutateAsync({ id: deleting?.id ?? "" })}
      />
    </>
  );
}
