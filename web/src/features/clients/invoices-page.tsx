import { FilePlus2, FileText } from "lucide-react";
import { useState } from "react";
import { useSearchParams } from "react-router";
import { QueryState } from "../../components/query-state.tsx";
import { Button } from "../../components/ui/button.tsx";
import { Card, CardDescription, CardHeader, CardTitle } from "../../components/ui/card.tsx";
import { EmptyState } from "../../components/ui/empty-state.tsx";
import { SkeletonRows } from "../../components/ui/skeleton.tsx";
import { useOperation } from "../../lib/operations.ts";
import { can } from "../../lib/roles.ts";
import { useSession } from "../../lib/session.tsx";
import { cn } from "../../lib/utils.ts";
import { DraftDialog } from "./draft-dialog.tsx";
import { FILTERS, type Status, type StatusFilter } from "./invoice-format.ts";
import { InvoicesTable } from "./invoices-table.tsx";

const isFilter = (v: string | null): v is StatusFilter => FILTERS.some(([f]) => f === v);

/** Every invoice and credit note, filtered by status; drafting starts here. */
export function InvoicesPage() {
  const { role } = useSession();
  const [params, setParams] = useSearchParams();
  const raw = params.get("status");
  const filter: StatusFilter = isFilter(raw) ? raw : "all";
  // "Overdue" is a flag on open invoices, not a status the server filters by.
  const status: Status | undefined = filter === "all" || filter === "overdue" ? undefined : filter;
  const invoices = useOperation("invoices.list", status ? { status } : {});
  const [drafting, setDrafting] = useState(false);
  const canDraft = can(role, "invoices:draft");
  const isGuest = role === "client";
  const shown = FILTERS.filter(([f]) => !(isGuest && f === "draft"));
  return (
    <Card>
      <CardHeader>
        <div>
          <CardTitle>{isGuest ? "Your invoices" : "Invoices"}</CardTitle>
          <CardDescription>Invoices and credit notes, newest first.</CardDescription>
        </div>
        {canDraft && (
          <Button onClick={() => setDrafting(true)} data-testid="new-invoice">
            <FilePlus2 aria-hidden /> Draft invoice
          </Button>
        )}
      </CardHeader>
      <fieldset className="flex flex-wrap gap-1.5 px-6 pb-4" aria-label="Filter by status">
        {shown.map(([value, label]) => (
          <Button
            key={value}
            size="sm"
            variant="outline"
            aria-pressed={filter === value}
            className={cn("rounded-full", filter === value && "border-foreground bg-accent")}
            onClick={() => setParams(value === "all" ? {} : { status: value }, { replace: true })}
            data-testid={`invoices-filter-${value}`}
          >
            {label}
          </Button>
        ))}
      </fieldset>
      <QueryState
        query={invoices}
        loading={<SkeletonRows rows={5} label="Loading invoices" />}
        isEmpty={(rows) => rows.filter((i) => filter !== "overdue" || i.overdue).length === 0}
        empty={
          <EmptyState
            icon={FileText}
            title={filter === "all" ? "No invoices yet" : "No invoices with this status"}
            description={
              filter === "all" && canDraft
                ? "Draft a client's invoice for a month: its allocated cloud cost with markup, billable hours and fixed fees."
                : undefined
            }
          />
        }
      >
        {(rows) => (
          <InvoicesTable
            invoices={filter === "overdue" ? rows.filter((i) => i.overdue) : rows}
            showClient={!isGuest}
          />
        )}
      </QueryState>
      <DraftDialog open={drafting} onOpenChange={setDrafting} />
    </Card>
  );
}
