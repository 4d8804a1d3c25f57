import { ArrowLeft, FilePlus2, FileText, Pencil, Trash2 } from "lucide-react";
import { useState } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { ConfirmDialog } from "../../components/confirm-dialog.tsx";
import { QueryState } from "../../components/query-state.tsx";
import { Badge } from "../../components/ui/badge.tsx";
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
import { call } from "../../lib/api.ts";
import { useOperation } from "../../lib/operations.ts";
import { can } from "../../lib/roles.ts";
import { useSession } from "../../lib/session.tsx";
import { ClientCostsCard } from "./client-costs.tsx";
import { ClientDialog } from "./client-dialog.tsx";
import { DraftDialog } from "./draft-dialog.tsx";
import { type ClientDetail, moneyIn } from "./invoice-format.ts";
import { InvoicesTable } from "./invoices-table.tsx";
import { PaymentsTable } from "./payments-table.tsx";
import { PricingEditor } from "./pricing-editor.tsx";

function Detail({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <dt className="text-xs text-muted-foreground">{label}</dt>
      <dd className="mt-0.5 text-sm">{children || "—"}</dd>
    </div>
  );
}

function DetailsCard({ client, canManage }: { client: ClientDetail; canManage: boolean }) {
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const navigate = useNavigate();
  const a = client.billingAddress;
  return (
    <Card>
      <CardHeader>
        <div>
          <CardTitle>Details</CardTitle>
          <CardDescription>
            Printed on the client's invoices as they are when issued.
          </CardDescription>
        </div>
        {canManage && (
          <div className="flex gap-2">
            <Button
              variant="outline"
              size="sm"
              onClick={() => setEditing(true)}
              data-testid="edit-client"
            >
              <Pencil aria-hidden /> Edit
            </Button>
            <Button variant="danger" size="sm" onClick={() => setDeleting(true)}>
              <Trash2 aria-hidden /> Delete
            </Button>
          </div>
        )}
      </CardHeader>
      <CardContent>
        <dl className="grid gap-4 sm:grid-cols-3">
          <Detail label="Legal name">{client.legalName}</Detail>
          <Detail label="Currency">{client.currency}</Detail>
          <Detail label="Billing email">{client.email}</Detail>
          <Detail label="Billing address">
            {a && (
              <address className="not-italic">
                {[
                  a.line1,
                  a.line2,
                  [a.postalCode, a.city].filter(Boolean).join(" "),
                  a.region,
                  a.country,
                ]
                  .filter(Boolean)
                  .map((l) => (
                    <div key={l}>{l}</div>
                  ))}
              </address>
            )}
          </Detail>
          <Detail label="Tax ids">
            {client.taxIds.map((t) => `${t.value} (${t.type})`).join(", ")}
          </Detail>
          <Detail label="Payment terms">{`${client.paymentTermsDays} days`}</Detail>
          <Detail label="Tax rate">
            {client.reverseCharge
              ? "Reverse charge"
              : client.defaultTaxRate !== null
                ? `${client.defaultTaxRate} %`
                : "Workspace default"}
          </Detail>
          <Detail label="Allocation key">
            <code className="text-xs">{client.allocationKey}</code>
          </Detail>
          {client.contacts.length > 0 && (
            <Detail label="Contacts">
              <ul className="grid gap-1">
                {client.contacts.map((c) => (
                  <li key={`${c.name}${c.email ?? ""}`}>
                    <span className="font-medium">{c.name}</span>
                    {c.role && <span className="text-muted-foreground"> · {c.role}</span>}
                    {c.email && (
                      <a className="block text-primary hover:underline" href={`mailto:${c.email}`}>
                        {c.email}
                      </a>
                    )}
                    {c.phone && <span className="block text-muted-foreground">{c.phone}</span>}
                  </li>
                ))}
              </ul>
            </Detail>
          )}
          {client.notes && <Detail label="Notes">{client.notes}</Detail>}
        </dl>
      </CardContent>
      <ClientDialog open={editing} onOpenChange={setEditing} client={client} />
      <ConfirmDialog
        open={deleting}
        onOpenChange={setDeleting}
        title={`Delete ${client.name}?`}
        description="Only a client that was never invoiced can be deleted; archive one that was."
        confirmLabel="Delete client"
        onConfirm={async () => {
          await call("clients.delete", { id: client.id });
          navigate("/clients");
        }}
      />
    </Card>
  );
}

function ClientMoney({ client }: { client: ClientDetail }) {
  const { format, role } = useSession();
  const invoices = useOperation("invoices.list", { clientId: client.id });
  const payments = useOperation("payments.list", { clientId: client.id });
  const [drafting, setDrafting] = useState(false);
  const canDraft = can(role, "invoices:draft");
  const credit = (payments.data?.credit ?? []).filter(
    (c) => c.amount !== "0" && !c.amount.startsWith("-"),
  );
  return (
    <>
      <Card>
        <CardHeader>
          <div>
            <CardTitle>Invoices</CardTitle>
            <CardDescription>
              {credit.length > 0 ? (
                <span data-testid="client-credit">
                  Unapplied credit:{" "}
                  {credit.map((c) => moneyIn(format.locale, c.currency).money(c.amount)).join(", ")}
                </span>
              ) : (
                "No unapplied credit."
              )}
            </CardDescription>
          </div>
          {canDraft && (
            <Button size="sm" onClick={() => setDrafting(true)} data-testid="client-draft-invoice">
              <FilePlus2 aria-hidden /> Draft invoice
            </Button>
          )}
        </CardHeader>
        <QueryState
          query={invoices}
          loading={<SkeletonRows rows={3} label="Loading invoices" />}
          empty={<EmptyState icon={FileText} title="No invoices yet" />}
        >
          {(rows) => <InvoicesTable invoices={rows} showClient={false} />}
        </QueryState>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>Payments</CardTitle>
        </CardHeader>
        <QueryState
          query={payments}
          loading={<SkeletonRows rows={2} label="Loading payments" />}
          isEmpty={(d) => d.payments.length === 0}
          empty={<EmptyState title="No payments recorded" />}
        >
          {(data) => <PaymentsTable payments={data.payments} showInvoice />}
        </QueryState>
      </Card>
      <DraftDialog open={drafting} onOpenChange={setDrafting} clientId={client.id} />
    </>
  );
}

/** One client: its details, pricing plan, invoices, payments and unapplied credit. */
export function ClientDetailPage() {
  const { clientId = "" } = useParams();
  const { role } = useSession();
  const client = useOperation("clients.get", { id: clientId });
  const canManage = can(role, "clients:manage");
  return (
    <div className="grid gap-6">
      <Link
        to="/clients"
        className="inline-flex w-fit items-center gap-1 text-sm text-muted-foreground hover:text-foreground"
      >
        <ArrowLeft className="size-4" aria-hidden /> All clients
      </Link>
      <QueryState query={client} loading={<SkeletonRows rows={6} label="Loading client" />}>
        {(c) => (
          <>
            <div className="flex flex-wrap items-center gap-3">
              <h2 className="text-xl font-semibold" data-testid="client-title">
                {c.name}
              </h2>
              {c.archived && <Badge variant="outline">Archived</Badge>}
            </div>
            <DetailsCard client={c} canManage={canManage} />
            <PricingEditor key={c.updatedAt} client={c} isReadOnly={!canManage} />
            <ClientCostsCard clientId={c.id} />
            <ClientMoney client={c} />
          </>
        )}
      </QueryState>
    </div>
  );
}
