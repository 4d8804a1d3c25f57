import { type FormEvent, useState } from "react";
import { ChoiceField } from "../../../components/choice-field.tsx";
import { FormField } from "../../../components/form-field.tsx";
import { QueryState } from "../../../components/query-state.tsx";
import { Button } from "../../../components/ui/button.tsx";
import { Input } from "../../../components/ui/input.tsx";
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
import { type Aggregation, seriesName } from "./metric-state.ts";

interface Props {
  metric: string;
  aggregation: Aggregation;
  groupBy: string[];
  where: Record<string, string>;
}

interface Limit {
  threshold: number;
  direction: "above" | "below";
  lookbackDays: number;
}

/**
 * When each of the explorer's series reaches a limit at its recent trend: a robust line
 * (Theil–Sen, so a spike or a daily wave does not bend it) through the last days of hourly
 * points, soonest first, as the `metric_forecast` alert rule judges it.
 */
export function MetricForecast(props: Props) {
  const [typed, setTyped] = useState({ threshold: "", direction: "above", lookbackDays: "14" });
  const [limit, setLimit] = useState<Limit | null>(null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setLimit({
      threshold: Number(typed.threshold),
      direction: typed.direction as Limit["direction"],
      lookbackDays: Number(typed.lookbackDays),
    });
  };
  return (
    <div className="grid gap-4" data-testid="metric-forecast">
      <form
        onSubmit={submit}
        className="flex flex-wrap items-end gap-3"
        aria-label="Forecast a limit"
      >
        <ChoiceField
          id="forecast-direction"
          label="When the value"
          value={typed.direction}
          options={[
            ["above", "rises to"],
            ["below", "falls to"],
          ]}
          onChange={(direction) => setTyped({ ...typed, direction })}
        />
        <FormField id="forecast-threshold" label="Limit">
          <Input
            id="forecast-threshold"
            type="number"
            step="any"
            required
            value={typed.threshold}
            onChange={(e) => setTyped({ ...typed, threshold: e.target.value })}
          />
        </FormField>
        <FormField id="forecast-lookback" label="Trend of the last (days)">
          <Input
            id="forecast-lookback"
            type="number"
            min={1}
            max={83}
            value={typed.lookbackDays}
            onChange={(e) => setTyped({ ...typed, lookbackDays: e.target.value })}
          />
        </FormField>
        <Button type="submit">Forecast</Button>
      </form>
      {limit && <ForecastTable {...props} limit={limit} />}
    </div>
  );
}

function ForecastTable({ metric, aggregation, groupBy, where, limit }: Props & { limit: Limit }) {
  const fmt = useFormat();
  const number = new Intl.NumberFormat(fmt.locale, { maximumFractionDigits: 2 });
  const compact = new Intl.NumberFormat(fmt.locale, {
    maximumFractionDigits: 2,
    notation: "compact",
  });
  const forecast = useOperation("metrics.forecast", {
    metric,
    aggregation,
    groupBy,
    ...(Object.keys(where).length > 0 ? { where } : {}),
    ...limit,
  });
  return (
    <QueryState
      query={forecast}
      isEmpty={(r) => r.series.length === 0}
      empty={
        <p className="text-sm text-muted-foreground">
          Too little history for a trend: a forecast needs a day of hourly points or more.
        </p>
      }
    >
      {(result) => (
        <>
          <Table aria-label="Forecast">
            <TableHeader>
              <TableRow>
                <TableHead>Series</TableHead>
                <TableHead className="text-right">Now (trend)</TableHead>
                <TableHead className="text-right">A day</TableHead>
                <TableHead>Reaches the limit</TableHead>
                <TableHead className="hidden lg:table-cell">Why</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {result.series.map((s) => (
                <TableRow key={JSON.stringify(s.labels)}>
                  <TableCell className="[overflow-wrap:anywhere]">
                    {seriesName(s.labels, metric)}
                  </TableCell>
                  <TableCell className="text-right tabular-nums">
                    {compact.format(s.current)}
                  </TableCell>
                  <TableCell className="text-right tabular-nums">
                    {s.slopePerDay > 0 ? "+" : ""}
                    {compact.format(s.slopePerDay)}
                  </TableCell>
                  <TableCell className="whitespace-nowrap">
                    {s.breached
                      ? "already past it"
                      : s.crossesAt
                        ? `in ${number.format(s.daysLeft ?? 0)} days (${fmt.date(String(s.crossesAt))})`
                        : "not within 90 days"}
                  </TableCell>
                  <TableCell className="hidden text-xs text-muted-foreground lg:table-cell">
                    {s.explanation}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
          {result.seriesWithTooLittleHistory > 0 && (
            <p className="text-xs text-muted-foreground">
              {result.seriesWithTooLittleHistory} more series have too little history for a trend.
            </p>
          )}
        </>
      )}
    </QueryState>
  );
}
