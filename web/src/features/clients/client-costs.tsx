import { ChevronLeft, ChevronRight, Cloud } from "lucide-react";
import { useState } from "react";
import { QueryState } from "../../components/query-state.tsx";
import { Button } from "../../components/ui/button.tsx";
import {
  Card,
  CardContent,
  CardDescription,
  CardHeader,
  CardTitle,
} from "../../components/ui/card.tsx";
import { EmptyState } from "../../components/ui/empty-state.tsx";
import { SkeletonRows } from "../../components/ui/skeleton.tsx";
import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "../../components/ui/table.tsx";
import type { OperationOutput } from "../../lib/api.ts";
import { useOperation } from "../../lib/operations.ts";
import { useSession } from "../../lib/session.tsx";
import { addMonths, moneyIn, monthName, thisMonth } from "./invoice-format.ts";

type ClientCosts = OperationOutput<"clients.costs">;

interface ClientCostsCardProps {
  clientId: string;
  /** A client guest reads "your"; staff read about the client. */
  isGuest?: boolean;
}

/**
 * The cloud cost allocated to one client for a month, at the client's price (its markup
 * included, never the raw cost): by provider and service, each with its share of the month.
 */
export function ClientCostsCard({ clientId, isGuest = false }: ClientCostsCardProps) {
  const { format } = useSession();
  const current = thisMonth();
  const [month, setMonth] = useState(current);
  const costs = useOperation("clients.costs", { clientId, from: month, to: addMonths(month, 1) });
  const name = monthName(month, format.locale);
  return (
    <Card data-testid="client-costs">
      <CardHeader>
        <div>
          <CardTitle>Cloud costs</CardTitle>
          <CardDescription>
            {isGuest
              ? "The cloud cost allocated to you, at the price you are invoiced."
              : "Cloud cost allocated to this client by the allocation rules, at its price (markup included)."}
            {month === current && " The current month is to date: bills arrive through the month."}
          </CardDescription>
        </div>
        <div className="flex items-center gap-1">
          <Button
            variant="outline"
            size="icon"
            aria-label="Previous month"
            onClick={() => setMonth(addMonths(month, -1))}
          >
            <ChevronLeft className="size-4" aria-hidden />
          </Button>
          <span className="min-w-36 text-center text-sm font-medium" data-testid="costs-month">
            {name}
          </span>
          <Button
            variant="outline"
            size="icon"
            aria-label="Next month"
            disabled={month >= current}
            onClick={() => setMonth(addMonths(month, 1))}
          >
            <ChevronRight className="size-4" aria-hidden />
          </Button>
        </div>
      </CardHeader>
      <CardContent>
        <QueryState query={costs} loading={<SkeletonRows rows={4} label="Loading cloud costs" />}>
          {(data) =>
            data.items.length === 0 ? (
              <EmptyState
                icon={Cloud}
                title={`No cloud cost in ${name}`}
                description={
                  isGuest
                    ? "Nothing has been allocated to you for this month yet."
                    : "No allocated cost for this month: check the allocation rules under Costs → Allocation, or the imports."
                }
              />
            ) : (
              <CostsTable data={data} />
            )
          }
        </QueryState>
      </CardContent>
    </Card>
  );
}

/** Each amount as a share of the largest (0–100): only the width of a bar, so a float will do. */
function sharesOf(items: ClientCosts["items"]): number[] {
  const amounts = items.map((i) => Math.max(0, Number(i.amount)));
  const largest = Math.max(0, ...amounts);
  return amounts.map((v) => (largest > 0 ? (v / largest) * 100 : 0));
}

function CostsTable({ data }: { data: ClientCosts }) {
  const { format } = useSession();
  const shares = sharesOf(data.items);
  const basis = data.basis === "EffectiveCost" ? "amortised (effective) cost" : "billed cost";
  return (
    <div className="grid gap-3">
      <p className="text-sm text-muted-foreground">
        {data.currency && data.total !== null ? (
          <>
            <span className="text-2xl font-semibold text-foreground" data-testid="costs-total">
              {moneyIn(format.locale, data.currency).money(data.total)}
            </span>{" "}
            from {basis}
          </>
        ) : (
          `In several currencies, from ${basis}: each line is in its own.`
        )}
      </p>
      <Table aria-label="Cloud costs by service">
        <TableHeader>
          <TableRow>
            <TableHead>Provider</TableHead>
            <TableHead>Service</TableHead>
            <TableHead className="text-right">Resources</TableHead>
            <TableHead className="w-1/3 text-right">Amount</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {data.items.map((item, i) => (
            <TableRow key={`${item.provider}/${item.service}/${item.currency}`}>
              <TableCell>{item.provider ?? "—"}</TableCell>
              <TableCell>{item.service ?? "(no service)"}</TableCell>
              <TableCell className="text-right tabular-nums">{item.resources}</TableCell>
              <TableCell className="text-right tabular-nums">
                <div className="relative">
                  <div
                    aria-hidden
                    className="absolute inset-y-0 right-0 rounded-sm bg-primary/15"
                    style={{ width: `${shares[i] ?? 0}%` }}
                  />
                  <span className="relative">
                    {item.currency
                      ? moneyIn(format.locale, item.currency).money(item.amount)
                      : item.amount}
                  </span>
                </div>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}

/** A client guest's own allocated cloud cost: the guest's one client record, then its costs. */
export function GuestCostsPage() {
  const clients = useOperation("clients.list", { includeArchived: false });
  return (
    <QueryState query={clients} loading={<SkeletonRows rows={4} label="Loading" />}>
      {(list) => {
        const own = list[0];
        return own ? (
          <ClientCostsCard clientId={own.id} isGuest />
        ) : (
          <EmptyState
            icon={Cloud}
            title="No client record"
            description="Your guest access is not linked to a client record; ask the workspace owner."
          />
        );
      }}
    </QueryState>
  );
}
