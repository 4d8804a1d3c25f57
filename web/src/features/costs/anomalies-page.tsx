import { ShieldCheck } from "lucide-react";
import { QueryState } from "../../components/query-state.tsx";
import { Card, CardDescription, CardHeader, CardTitle } from "../../components/ui/card.tsx";
import { EmptyState } from "../../components/ui/empty-state.tsx";
import {
  Select,
  SelectContent,
  SelectItem,
  SelectTrigger,
  SelectValue,
} from "../../components/ui/select.tsx";
import { useOperation } from "../../lib/operations.ts";
import { can } from "../../lib/roles.ts";
import { useSession } from "../../lib/session.tsx";
import { useLatestSearchParams } from "../../lib/use-latest-search-params.ts";
import { AnomalyGroupsTable } from "./anomalies/anomaly-groups-table.tsx";
import { RunDetection } from "./anomalies/run-detection-button.tsx";

const STATUSES = { all: "Any status", open: "Open", acknowledged: "Acknowledged" } as const;
const SEVERITIES = { all: "Any severity", high: "High", medium: "Medium", low: "Low" } as const;
type StatusFilter = keyof typeof STATUSES;
type SeverityFilter = keyof typeof SEVERITIES;

function pick<T extends string>(value: string | null, options: Record<T, string>, fallback: T): T {
  return value !== null && value in options ? (value as T) : fallback;
}

function FilterSelect<T extends string>(props: {
  label: string;
  value: T;
  options: Record<T, string>;
  onChange: (value: T) => void;
}) {
  return (
    <Select value={props.value} onValueChange={(value) => props.onChange(value as T)}>
      <SelectTrigger className="w-40" aria-label={props.label}>
        <SelectValue />
      </SelectTrigger>
      <SelectContent>
        {(Object.entries(props.options) as [T, string][]).map(([value, label]) => (
          <SelectItem key={value} value={value}>
            {label}
          </SelectItem>
        ))}
      </SelectContent>
    </Select>
  );
}

/** Unexpected cost, as events over services, accounts and tags, with what drove them. */
export function AnomaliesPage() {
  const { role } = useSession();
  const canManage = can(role, "costs:manage");
  const [params, setParams] = useLatestSearchParams();
  const status = pick<StatusFilter>(params.get("status"), STATUSES, "all");
  const severity = pick<SeverityFilter>(params.get("severity"), SEVERITIES, "all");
  const anomalies = useOperation("costs.anomalies.groups", {
    ...(status === "all" ? {} : { status }),
    ...(severity === "all" ? {} : { severity }),
    limit: 100,
  });
  const setFilter = (name: string, value: string) =>
    setParams(
      (latest) => {
        if (value === "all") latest.delete(name);
        else latest.set(name, value);
        return latest;
      },
      { preventScrollReset: true },
    );
  const isFiltered = status !== "all" || severity !== "all";

  return (
    <Card>
      <CardHeader>
        <div>
          <CardTitle>Anomalies</CardTitle>
          <CardDescription>
            Days whose EffectiveCost for a service, account or top tag was far from what the eight
            weeks before suggested, one row per event: a series' consecutive days and the series the
            same cause moved. Detection runs daily and after each import; open one for its chart, or
            its days.
          </CardDescription>
        </div>
        <RunDetection
          canRun={canManage}
          hasFindings={isFiltered || (anomalies.data?.length ?? 0) > 0}
        />
      </CardHeader>
      <div className="flex flex-wrap gap-2 px-6 pb-4">
        <FilterSelect
          label="Status"
          value={status}
          options={STATUSES}
          onChange={(value) => setFilter("status", value)}
        />
        <FilterSelect
          label="Severity"
          value={severity}
          options={SEVERITIES}
          onChange={(value) => setFilter("severity", value)}
        />
      </div>
      <QueryState
        query={anomalies}
        empty={
          <EmptyState
            icon={ShieldCheck}
            title={isFiltered ? "No anomalies match these filters" : "No anomalies found"}
            description={
              isFiltered
                ? "Try another status or severity."
                : "Nothing unusual in the costs checked so far. New imports are checked as they arrive."
            }
          />
        }
      >
        {(groups) => <AnomalyGroupsTable groups={groups} canAcknowledge={canManage} />}
      </QueryState>
    </Card>
  );
}
