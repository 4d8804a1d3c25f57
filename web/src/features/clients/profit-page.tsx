import { TrendingUp } from "lucide-react";
import { lazy, Suspense, useMemo, useState } from "react";
import { Link } from "react-router";
import { QueryState } from "../../components/query-state.tsx";
import {
  Card,
  CardContent,
  CardDescription,
  CardHeader,
  CardTitle,
} from "../../components/ui/card.tsx";
import { EmptyState } from "../../components/ui/empty-state.tsx";
import { Skeleton, SkeletonRows } from "../../components/ui/skeleton.tsx";
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
import { fromScaled, toScaled } from "../costs/money.ts";
import { RequirePermission } from "../settings/settings-layout.tsx";
import { ChoiceField } from "./fields.tsx";
import { addMonths, moneyIn, monthName, thisMonth } from "./invoice-format.ts";
import type { ProfitMonth } from "./profit-chart.tsx";

const ProfitChart = lazy(() => import("./profit-chart.tsx"));

type Profit = OperationOutput<"invoicing.profit">;
type Figures = Profit["totals"][number];

const RANGES = [
  ["6", "Last 6 months"],
  ["12", "Last 12 months"],
  ["24", "Last 24 months"],
] as const;

/** Per month, the chosen currency's figures added up exactly over its clients. */
function monthsOf(rows: Profit["rows"], currency: string, locale: string): ProfitMonth[] {
  const byMonth = new Map<
    string,
    Record<"revenue" | "cloudCost" | "timeCost" | "margin", bigint>
  >();
  for (const row of rows) {
    if (row.currency !== currency) continue;
    const sums = byMonth.get(row.month) ?? { revenue: 0n, cloudCost: 0n, timeCost: 0n, margin: 0n };
    sums.revenue += toScaled(row.revenue);
    sums.cloudCost += toScaled(row.cloudCost);
    sums.timeCost += toScaled(row.timeCost);
    sums.margin += toScaled(row.margin);
    byMonth.set(row.month, sums);
  }
  return [...byMonth]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([month, s]) => ({
      label: monthName(`${month}-01`, locale),
      revenue: fromScaled(s.revenue),
      cloudCost: fromScaled(s.cloudCost),
      timeCost: fromScaled(s.timeCost),
      margin: fromScaled(s.margin),
    }));
}

function FigureCells({ f }: { f: Omit<Figures, "clientId" | "clientName"> }) {
  const { format } = useSession();
  const fmt = moneyIn(format.locale, f.currency);
  const isLoss = f.margin.startsWith("-");
  return (
    <>
      <TableCell className="text-right tabular-nums">{fmt.money(f.revenue)}</TableCell>
      <TableCell className="text-right tabular-nums">{fmt.money(f.cloudCost)}</TableCell>
      <TableCell className="text-right tabular-nums">{fmt.money(f.timeCost)}</TableCell>
      <TableCell
        className={`text-right font-medium tabular-nums ${isLoss ? "text-destructive" : ""}`}
        data-testid="profit-margin"
      >
        {fmt.money(f.margin)}
      </TableCell>
      <TableCell className="text-right tabular-nums" data-testid="profit-margin-percent">
        {f.marginPercent === null ? "—" : `${f.marginPercent} %`}
      </TableCell>
    </>
  );
}

const FIGURE_HEADS = ["Revenue", "Cloud cost", "Time cost", "Margin", "Margin %"];

function ProfitTables({ data, clientId }: { data: Profit; clientId: string }) {
  const { format } = useSession();
  const currencies = [...new Set(data.totals.map((t) => t.currency))];
  const [currency, setCurrency] = useState(currencies[0] ?? format.currency);
  const chartCurrency = currencies.includes(currency) ? currency : (currencies[0] ?? currency);
  const months = useMemo(
    () => monthsOf(data.rows, chartCurrency, format.locale),
    [data.rows, chartCurrency, format.locale],
  );
  const fmt = moneyIn(format.locale, chartCurrency);
  const rows = [...data.rows].sort(
    (a, b) => b.month.localeCompare(a.month) || a.clientName.localeCompare(b.clientName),
  );
  return (
    <>
      <Card>
        <CardHeader>
          <div>
            <CardTitle>Revenue, cost and margin per month</CardTitle>
            <CardDescription>
              {clientId
                ? `In ${chartCurrency}, for this client. `
                : `In ${chartCurrency}, all clients invoiced in it added up. `}
              Revenue is counted in the month its invoice covers, before tax.
            </CardDescription>
          </div>
          {currencies.length > 1 && (
            <div className="w-32">
              <ChoiceField
                id="profit-currency"
                label="Currency"
                value={chartCurrency}
                onChange={setCurrency}
                options={currencies.map((c) => [c, c] as const)}
              />
            </div>
          )}
        </CardHeader>
        <CardContent>
          <Suspense fallback={<Skeleton className="h-80 w-full" />}>
            <ProfitChart
              months={months}
              fmt={fmt}
              label={`Revenue, cloud cost, time cost and margin per month in ${chartCurrency}`}
            />
          </Suspense>
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>Per client</CardTitle>
        </CardHeader>
        <Table aria-label="Profit per client" data-testid="profit-totals">
          <TableHeader>
            <TableRow>
              <TableHead>Client</TableHead>
              {FIGURE_HEADS.map((h) => (
                <TableHead key={h} className="text-right">
                  {h}
                </TableHead>
              ))}
            </TableRow>
          </TableHeader>
          <TableBody>
            {data.totals.map((t) => (
              <TableRow key={t.clientId} data-testid="profit-client-row">
                <TableCell>
                  <Link to={`/clients/${t.clientId}`} className="font-medium hover:underline">
                    {t.clientName}
                  </Link>
                </TableCell>
                <FigureCells f={t} />
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>Per month</CardTitle>
        </CardHeader>
        <Table aria-label="Profit per client and month">
          <TableHeader>
            <TableRow>
              <TableHead>Month</TableHead>
              <TableHead>Client</TableHead>
              {FIGURE_HEADS.map((h) => (
                <TableHead key={h} className="text-right">
                  {h}
                </TableHead>
              ))}
            </TableRow>
          </TableHeader>
          <TableBody>
            {rows.map((r) => (
              <TableRow key={`${r.month}-${r.clientId}`}>
                <TableCell className="whitespace-nowrap">
                  {monthName(`${r.month}-01`, format.locale)}
                </TableCell>
                <TableCell>
                  {r.clientName}
                  {r.unconverted.length > 0 && (
                    <div className="text-xs text-warning">
                      Not converted:{" "}
                      {r.unconverted.map((u) => `${u.amount} ${u.currency}`).join(", ")}
                    </div>
                  )}
                </TableCell>
                <FigureCells f={r} />
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </Card>
    </>
  );
}

function Forecast({ data }: { data: Profit }) {
  const { format } = useSession();
  return (
    <Card>
      <CardHeader>
        <div>
          <CardTitle>Next invoices</CardTitle>
          <CardDescription>
            This month's invoice per client before tax, estimated from the cost forecast, open
            billable time and fixed fees.
          </CardDescription>
        </div>
      </CardHeader>
      {data.forecast.length === 0 ? (
        <EmptyState title="Nothing to forecast" description="No client has a pricing plan yet." />
      ) : (
        <Table aria-label="Next invoices" data-testid="profit-forecast">
          <TableHeader>
            <TableRow>
              <TableHead>Client</TableHead>
              <TableHead>Month</TableHead>
              <TableHead className="text-right">Cloud</TableHead>
              <TableHead className="text-right">Time</TableHead>
              <TableHead className="text-right">Fixed</TableHead>
              <TableHead className="text-right">Estimate</TableHead>
              <TableHead>Basis</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {data.forecast.map((f) => {
              const fmt = moneyIn(format.locale, f.currency);
              return (
                <TableRow key={f.clientId} data-testid="forecast-row">
                  <TableCell className="font-medium">{f.clientName}</TableCell>
                  <TableCell className="whitespace-nowrap">
                    {monthName(`${f.month}-01`, format.locale)}
                  </TableCell>
                  <TableCell className="text-right tabular-nums">{fmt.money(f.cloud)}</TableCell>
                  <TableCell className="text-right tabular-nums">{fmt.money(f.time)}</TableCell>
                  <TableCell className="text-right tabular-nums">{fmt.money(f.fixed)}</TableCell>
                  <TableCell className="text-right font-medium tabular-nums">
                    {fmt.money(f.total)}
                  </TableCell>
                  <TableCell className="text-xs text-muted-foreground">{f.method}</TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      )}
    </Card>
  );
}

function ProfitReport() {
  const [range, setRange] = useState<string>("6");
  const [clientId, setClientId] = useState("all");
  const clients = useOperation("clients.list", { includeArchived: false });
  // Whole months up to the last one: this month is not invoiced yet (the forecast covers it).
  const to = thisMonth();
  const from = addMonths(to, -Number(range));
  const profit = useOperation("invoicing.profit", {
    from,
    to,
    ...(clientId === "all" ? {} : { clientId }),
  });
  return (
    <div className="grid gap-6">
      <div className="flex flex-wrap gap-4">
        <div className="w-48">
          <ChoiceField
            id="profit-range"
            label="Period"
            value={range}
            onChange={setRange}
            options={RANGES}
          />
        </div>
        <div className="w-56">
          <ChoiceField
            id="profit-client"
            label="Client"
            value={clientId}
            onChange={setClientId}
            options={[
              ["all", "All clients"],
              ...(clients.data ?? []).map((c) => [c.id, c.name] as const),
            ]}
          />
        </div>
      </div>
      <QueryState
        query={profit}
        loading={<SkeletonRows rows={8} label="Loading profit" />}
        isEmpty={(d) => d.rows.length === 0 && d.forecast.length === 0}
        empty={
          <Card>
            <EmptyState
              icon={TrendingUp}
              title="No figures for this period"
              description="Profit appears once clients have invoices, allocated cloud cost or time."
            />
          </Card>
        }
      >
        {(data) => (
          <>
            {data.rows.length > 0 && (
              <ProfitTables data={data} clientId={clientId === "all" ? "" : clientId} />
            )}
            <Forecast data={data} />
          </>
        )}
      </QueryState>
    </div>
  );
}

/** What each client earns: revenue against cloud and time cost, month by month. */
export function ProfitPage() {
  return (
    <RequirePermission permission="invoices:profit">
      <ProfitReport />
    </RequirePermission>
  );
}
