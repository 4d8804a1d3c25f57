import { Badge } from "../../../components/ui/badge.tsx";
import { Card, CardDescription, CardHeader, CardTitle } from "../../../components/ui/card.tsx";
import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "../../../components/ui/table.tsx";
import { useSession } from "../../../lib/session.tsx";
import type { MoneyFormat } from "../money.ts";
import { type BudgetDetail, thresholdLabel } from "./budget-format.ts";

const WEBHOOK = {
  delivered: { label: "Webhook delivered", variant: "success" },
  failed: { label: "Webhook failed, retried hourly", variant: "destructive" },
  pending: { label: "Webhook pending", variant: "warning" },
  none: { label: "In-app only", variant: "outline" },
} as const;

function WebhookBadge({ status, error }: { status: string | null; error?: string | null }) {
  const shown = WEBHOOK[(status ?? "none") as keyof typeof WEBHOOK] ?? WEBHOOK.none;
  return (
    <Badge variant={shown.variant} title={error ?? undefined}>
      {shown.label}
    </Badge>
  );
}

/** The thresholds of this period and every alert the budget has fired. */
export function BudgetAlerts({ budget, fmt }: { budget: BudgetDetail; fmt: MoneyFormat }) {
  const { format } = useSession();
  const { thresholds } = budget.status;
  return (
    <Card>
      <CardHeader>
        <div>
          <CardTitle>Thresholds and alerts</CardTitle>
          <CardDescription>
            Each threshold fires once per period: a notification for the team
            {budget.webhookUrl ? " and a signed webhook" : ""}. Evaluated every hour and after each
            import.
          </CardDescription>
        </div>
      </CardHeader>
      {thresholds.length === 0 ? (
        <p className="px-6 pb-5 text-sm text-muted-foreground">
          No thresholds: this budget is tracked without alerts.
        </p>
      ) : (
        <Table aria-label="Thresholds">
          <TableHeader>
            <TableRow>
              <TableHead>Threshold</TableHead>
              <TableHead className="text-right">At</TableHead>
              <TableHead>This period</TableHead>
              <TableHead>Fired</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {thresholds.map((t) => (
              <TableRow key={`${t.percent}-${t.basis}`}>
                <TableCell className="font-medium">{thresholdLabel(t)}</TableCell>
                <TableCell className="text-right tabular-nums">
                  {fmt.money(String((Number(budget.amount) * t.percent) / 100))}
                </TableCell>
                <TableCell>
                  {t.crossed ? (
                    <Badge variant="warning">Crossed</Badge>
                  ) : (
                    <Badge variant="outline">Not reached</Badge>
                  )}
                </TableCell>
                <TableCell className="text-sm text-muted-foreground">
                  {t.firedAt ? (
                    <span className="flex flex-wrap items-center gap-2">
                      {format.dateTime(t.firedAt)}
                      <WebhookBadge status={t.webhookStatus} />
                    </span>
                  ) : (
                    "—"
                  )}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {budget.alerts.length > 0 && (
        <div className="border-t px-6 py-4">
          <h3 className="mb-2 text-sm font-medium">History</h3>
          <ul className="grid gap-1.5 text-sm">
            {budget.alerts.map((a) => (
              <li key={a.id} className="flex flex-wrap items-center gap-x-3 gap-y-1">
                <span className="text-muted-foreground">{format.dateTime(a.firedAt)}</span>
                <span>
                  {thresholdLabel(a)} · {fmt.money(a.spend)} · period from{" "}
                  {format.day(a.periodStart)}
                </span>
                <WebhookBadge status={a.webhookStatus} error={a.webhookError} />
              </li>
            ))}
          </ul>
        </div>
      )}
    </Card>
  );
}
