import { Plus, Users } from "lucide-react";
import { useMemo, useState } from "react";
import { Link, useNavigate } from "react-router";
import { QueryState } from "../../components/query-state.tsx";
import { Badge } from "../../components/ui/badge.tsx";
import { Button } from "../../components/ui/button.tsx";
import { Card, CardDescription, CardHeader, CardTitle } from "../../components/ui/card.tsx";
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
import { useOperation } from "../../lib/operations.ts";
import { can } from "../../lib/roles.ts";
import { useSession } from "../../lib/session.tsx";
import { ClientDialog } from "./client-dialog.tsx";
import {
  type Client,
  type Invoice,
  invoiceName,
  isOpen,
  isPositive,
  moneyIn,
  STATUS_BADGE,
  STATUS_LABELS,
  sumByCurrency,
} from "./invoice-format.ts";

interface ClientSummary {
  open: { currency: string; amount: string }[];
  isOverdue: boolean;
  last: Invoice | undefined;
}

/** Per client: what its open invoices still owe, whether any is overdue, its latest invoice. */
function summarize(invoices: Invoice[]): Map<string, ClientSummary> {
  const byClient = new Map<string, Invoice[]>();
  for (const invoice of invoices)
    byClient.set(invoice.clientId, [...(byClient.get(invoice.clientId) ?? []), invoice]);
  const out = new Map<string, ClientSummary>();
  for (const [clientId, list] of byClient) {
    const open = list.filter((i) => i.kind === "invoice" && isOpen(i));
    out.set(clientId, {
      open: sumByCurrency(open.map((i) => ({ currency: i.currency, amount: i.balanceDue }))),
      isOverdue: open.some((i) => i.overdue),
      // The list is newest first.
      last: list.find((i) => i.kind === "invoice"),
    });
  }
  return out;
}

function ClientRow({
  client,
  summary,
  isLoading,
}: {
  client: Client;
  summary?: ClientSummary;
  /** The invoices the balances come from are still loading. */
  isLoading: boolean;
}) {
  const { format } = useSession();
  const owed = summary?.open.filter((o) => isPositive(o.amount)) ?? [];
  const last = summary?.last;
  return (
    <TableRow data-testid="client-row">
      <TableCell>
        <Link to={`/clients/${client.id}`} className="font-medium hover:underline">
          {client.name}
        </Link>
        {client.legalName !== client.name && (
          <div className="text-xs text-muted-foreground">{client.legalName}</div>
        )}
      </TableCell>
      <TableCell>{client.currency}</TableCell>
      <TableCell className="text-right tabular-nums" data-testid="client-open-balance">
        {isLoading
          ? "…"
          : owed.length === 0
            ? "—"
            : owed.map((o) => (
                <div key={o.currency}>{moneyIn(format.locale, o.currency).money(o.amount)}</div>
              ))}
      </TableCell>
      <TableCell>
        {summary?.isOverdue ? <Badge variant="destructive">Overdue</Badge> : null}
      </TableCell>
      <TableCell>
        {last ? (
          <Link to={`/clients/invoices/${last.id}`} className="hover:underline">
            {invoiceName(last)}
            <span className="ml-2 text-xs text-muted-foreground">
              {last.issueDate ? format.day(last.issueDate) : format.date(last.createdAt)}
            </span>
          </Link>
        ) : (
          <span className="text-muted-foreground">None yet</span>
        )}
        {last && (
          <Badge variant={STATUS_BADGE[last.status]} className="ml-2">
            {STATUS_LABELS[last.status]}
          </Badge>
        )}
      </TableCell>
    </TableRow>
  );
}

/** Every client with what it owes and its latest invoice. */
export function ClientsPage() {
  const { role } = useSession();
  const navigate = useNavigate();
  const canManage = can(role, "clients:manage");
  const clients = useOperation("clients.list", { includeArchived: false });
  const invoices = useOperation("invoices.list", {});
  const summaries = useMemo(() => summarize(invoices.data ?? []), [invoices.data]);
  const [creating, setCreating] = useState(false);
  const newButton = (
    <Button onClick={() => setCreating(true)} data-testid="new-client">
      <Plus aria-hidden /> New client
    </Button>
  );
  return (
    <Card>
      <CardHeader>
        <div>
          <CardTitle>Clients</CardTitle>
          <CardDescription>
            Open balance is what issued invoices still owe, after payments and credit notes.
          </CardDescription>
        </div>
        {canManage && (clients.data?.length ?? 0) > 0 && newButton}
      </CardHeader>
      <QueryState
        query={clients}
        loading={<SkeletonRows rows={4} label="Loading clients" />}
        empty={
          <EmptyState
            icon={Users}
            title="No clients yet"
            description="Add the clients you invoice, with their currency, terms and how they are charged: cloud cost with markup, retainers, hours."
            action={canManage ? newButton : undefined}
          />
        }
      >
        {(rows) => (
          <Table aria-label="Clients" data-testid="clients-table">
            <TableHeader>
              <TableRow>
                <TableHead>Client</TableHead>
                <TableHead>Currency</TableHead>
                <TableHead className="text-right">Open balance</TableHead>
                <TableHead>
                  <span className="sr-only">Overdue</span>
                </TableHead>
                <TableHead>Last invoice</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {rows.map((c) => (
                <ClientRow
                  key={c.id}
                  client={c}
                  summary={summaries.get(c.id)}
                  isLoading={invoices.isPending}
                />
              ))}
            </TableBody>
          </Table>
        )}
      </QueryState>
      <ClientDialog
        open={creating}
        onOpenChange={setCreating}
        onSaved={(id) => navigate(`/clients/${id}`)}
      />
    </Card>
  );
}
