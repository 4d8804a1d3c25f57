import { lazy, Suspense } from "react";
import { QueryState } from "../../../components/query-state.tsx";
import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "../../../components/ui/table.tsx";
import { useOperation } from "../../../lib/operations.ts";
import { useFormat } from "../../../lib/session.tsx";
import { type Aggregation, ANOMALOUS, type JudgedPoint, seriesName } from "./metric-state.ts";
import { unitOfQuery } from "./metric-units.ts";

const MetricAnomalyChart = lazy(() => import("./metric-anomaly-chart.tsx"));

/** Series charted one by one at most; the table still ranks the points of all of them. */
const MAX_CHARTS = 6;

interface Props {
  metric: string;
  aggregation: Aggregation;
  groupBy: string[];
  where: Record<string, string>;
  period: { from: string; to: string };
  step: number;
}

/**
 * The explorer's series judged by the anomaly engine: each against what was expected and its
 * usual range, and the points furthest outside it, ranked, with what was expected instead.
 */
export function MetricAnomalies({ metric, aggregation, groupBy, where, period, step }: Props) {
  const fmt = useFormat();
  const judged = useOperation("metrics.anomalies", {
    metric,
    ...period,
    step,
    aggregation,
    groupBy,
    ...(Object.keys(where).length > 0 ? { where } : {}),
  });
  const number = new Intl.NumberFormat(fmt.locale, { maximumFractionDigits: 2 });
  return (
    <QueryState query={judged} isEmpty={(r) => r.series.every((s) => s.points.length === 0)}>
      {(result) => {
        const named = result.series.map((s) => ({ ...s, name: seriesName(s.labels, metric) }));
        const ranked = named
          .flatMap((s) => s.points.map((p) => ({ series: s.name, point: p })))
          .filter(({ point }) => point.score > ANOMALOUS)
          .sort((a, b) => b.point.score - a.point.score)
          .slice(0, 10);
        return (
          <div className="grid gap-4" data-testid="metric-anomalies">
            <p className="text-sm text-muted-foreground">
              Each point is judged by the anomaly engine against the points before it (it first
              learns from the history since {fmt.dateTime(String(result.historyFrom))}): the dashed
              line is what it expected, the shaded band the usual range, red points fall outside.
            </p>
            <div className={named.length > 1 ? "grid gap-4 lg:grid-cols-2" : "grid gap-4"}>
              {named.slice(0, MAX_CHARTS).map((s) => (
                <section key={s.name} aria-label={`Anomalies of ${s.name}`}>
                  <h3 className="text-sm font-medium">
                    {s.name}{" "}
                    <span className="font-normal text-muted-foreground">
                      · {s.anomalies === 0 ? "nothing unusual" : `${s.anomalies} unusual points`}
                    </span>
                  </h3>
                  <Suspense fallback={<div className="h-56" />}>
                    <MetricAnomalyChart
                      points={s.points}
                      period={period}
                      locale={fmt.locale}
                      valueUnit={unitOfQuery(metric, aggregation)}
                      label={`${s.name}: value, expected value and usual range`}
                    />
                  </Suspense>
                </section>
              ))}
            </div>
            {named.length > MAX_CHARTS && (
              <p className="text-xs text-muted-foreground">
                {named.length - MAX_CHARTS} more series are not charted; filter by a label to see
                them. The table ranks all of them.
              </p>
            )}
            {ranked.length > 0 && (
              <Table aria-label="Most unusual points">
                <TableHeader>
                  <TableRow>
                    <TableHead>When</TableHead>
                    <TableHead>Series</TableHead>
                    <TableHead className="text-right">Value</TableHead>
                    <TableHead className="text-right">Expected</TableHead>
                    <TableHead className="text-right">Usual range</TableHead>
                    <TableHead className="text-right">Score</TableHead>
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {ranked.map(({ series, point }) => (
                    <AnomalyRow
                      key={`${series}${String(point.time)}`}
                      series={series}
                      point={point}
                      number={number}
                      when={fmt.dateTime(String(point.time))}
                    />
                  ))}
                </TableBody>
              </Table>
            )}
          </div>
        );
      }}
    </QueryState>
  );
}

function AnomalyRow(props: {
  series: string;
  point: JudgedPoint;
  number: Intl.NumberFormat;
  when: string;
}) {
  const { point: p, number } = props;
  return (
    <TableRow>
      <TableCell className="whitespace-nowrap">{props.when}</TableCell>
      <TableCell className="[overflow-wrap:anywhere]">{props.series}</TableCell>
      <TableCell className="text-right tabular-nums">{number.format(p.value)}</TableCell>
      <TableCell className="text-right tabular-nums">{number.format(p.expected)}</TableCell>
      <TableCell className="text-right whitespace-nowrap tabular-nums">
        {number.format(p.lower)} – {number.format(p.upper)}
      </TableCell>
      <TableCell className="text-right tabular-nums">{p.score.toFixed(2)}</TableCell>
    </TableRow>
  );
}
