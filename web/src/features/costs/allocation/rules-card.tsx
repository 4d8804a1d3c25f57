import { Plus, Split } from "lucide-react";
import { useState } from "react";
import { ConfirmDialog } from "../../../components/confirm-dialog.tsx";
import { ErrorState } from "../../../components/query-state.tsx";
import { Button } from "../../../components/ui/button.tsx";
import { Card, CardDescription, CardHeader, CardTitle } from "../../../components/ui/card.tsx";
import { EmptyState } from "../../../components/ui/empty-state.tsx";
import { SkeletonRows } from "../../../components/ui/skeleton.tsx";
import { useToast } from "../../../components/ui/toast.tsx";
import { errorMessage } from "../../../lib/api.ts";
import { useOperation, useOperationMutation } from "../../../lib/operations.ts";
import type { MoneyFormat } from "../money.ts";
import type { Range } from "../period.ts";
import { priorityChanges, type Rule, withPriority } from "./allocation-rules.ts";
import { RuleDialog } from "./rule-dialog.tsx";
import { RulesTable } from "./rules-table.tsx";

interface RulesCardProps {
  /** Each rule's matched total in the period shown, by rule id. */
  totals: Map<string, string>;
  fmt: MoneyFormat;
  canManage: boolean;
  range: Range;
  period: string;
}

type Editing = { rule?: Rule } | null;

/** The allocation rules, in the order they apply, with create, edit, reorder and delete. */
export function RulesCard({ totals, fmt, canManage, range, period }: RulesCardProps) {
  const toast = useToast();
  const rules = useOperation("costs.allocation.rules.list");
  const [editing, setEditing] = useState<Editing>(null);
  const [deleting, setDeleting] = useState<Rule | null>(null);
  const remove = useOperationMutation("costs.allocation.rules.delete");
  const update = useOperationMutation("costs.allocation.rules.update");
  const [isMoving, setIsMoving] = useState(false);

  const move = async (list: Rule[], from: number, to: number) => {
    setIsMoving(true);
    try {
      for (const { rule, priority } of priorityChanges(list, from, to))
        await update.mutateAsync(withPriority(rule, priority));
    } catch (error) {
      toast({
        title: "Could not reorder the rules",
        description: errorMessage(error),
        variant: "error",
      });
    } finally {
      setIsMoving(false);
    }
  };

  const newRule = canManage && (
    <Button onClick={() => setEditing({})} data-testid="allocation-new-rule">
      <Plus aria-hidden /> New rule
    </Button>
  );
  return (
    <Card>
      <CardHeader>
        <div>
          <CardTitle>Rules</CardTitle>
          <CardDescription>
            Applied in this order: each cost goes to the first rule that matches it. Matched totals
            are for {period}.
          </CardDescription>
        </div>
        {rules.data && rules.data.length > 0 && newRule}
      </CardHeader>
      {rules.isPending ? (
        <SkeletonRows rows={3} label="Loading the rules" />
      ) : rules.isError ? (
        <ErrorState error={rules.error} onRetry={() => void rules.refetch()} />
      ) : rules.data.length === 0 ? (
        <EmptyState
          icon={Split}
          title="No allocation rules yet"
          description={
            canManage
              ? "Everything is unallocated. Add a rule to give costs — by tag, account, service or resource — to a client or project."
              : "Everything is unallocated. Owners, admins and members can add rules."
          }
          action={newRule}
        />
      ) : (
        <RulesTable
          rules={rules.data}
          totals={totals}
          fmt={fmt}
          canManage={canManage}
          isMoving={isMoving}
          onMove={(from, to) => void move(rules.data, from, to)}
          onEdit={(rule) => setEditing({ rule })}
          onDelete={setDeleting}
        />
      )}
      {editing && <RuleDialog rule={editing.rule} range={range} onClose={() => setEditing(null)} />}
      <ConfirmDialog
        open={deleting !== null}
        onOpenChange={(open) => !open && setDeleting(null)}
        title={`Delete ${deleting?.name ?? "the rule"}?`}
        description="Costs it matched become unallocated, or go to the next rule that matches them. This cannot be undone."
        confirmLabel="Delete rule"
        onConfirm={async () => {
          if (!deleting) return;
          await remove.mutateAsync({ id: deleting.id });
          toast({ title: `Rule ${deleting.name} deleted` });
        }}
      />
    </Card>
  );
}
