import { lazy, Suspense, useCallback, useState } from "react";
import { Link } from "react-router";
import { QueryState } from "../../components/query-state.tsx";
import { Alert } from "../../components/ui/alert.tsx";
import { Badge } from "../../components/ui/badge.tsx";
import { Button } from "../../components/ui/button.tsx";
import { Card, CardContent, CardHeader, CardTitle } from "../../components/ui/card.tsx";
import { Input } from "../../components/ui/input.tsx";
import { Label } from "../../components/ui/label.tsx";
import { Skeleton } from "../../components/ui/skeleton.tsx";
import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "../../components/ui/table.tsx";
import { errorMessage, type OperationOutput } from "../../lib/api.ts";
import { useOperation, useOperationMutation } from "../../lib/operations.ts";
import { can } from "../../lib/roles.ts";
import { useFormat, useSession } from "../../lib/session.tsx";
import { providerLabel, typeLabel } from "./resource-labels.ts";

const ComplianceTrendChart = lazy(() => import("./compliance-trend-chart.tsx"));

type Findings = OperationOutput<"compliance.findings">;
type Rule = Findings["counts"][number]["rule"];
type Policy = Findings["policy"];

const SEVERITY_VARIANT = { high: "destructive", medium: "warning", low: "secondary" } as const;
const list = (text: string) =>
  text
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean);

/** /inventory/compliance: what breaks the built-in rules and the workspace's tag policy. */
export function CompliancePage() {
  const { role } = useSession();
  const [rule, setRule] = useState<Rule | undefined>();
  // Counts always over every rule; the table, when a rule is picked, over that rule alone.
  const all = useOperation("compliance.findings", { limit: 500 });
  const oneRule = useOperation(
    "compliance.findings",
    { rule: rule as Rule, limit: 500 },
    { enabled: rule !== undefined },
  );
  return (
    <div className="grid gap-4">
      <QueryState query={all}>
        {(data) => (
          <>
            <RuleCounts data={data} selected={rule} onSelect={setRule} />
            <TrendCard />
            {rule === undefined ? (
              <FindingsTable data={data} filtered={false} />
            ) : (
              <QueryState query={oneRule}>
                {(picked) => <FindingsTable data={picked} filtered />}
              </QueryState>
            )}
            {can(role, "inventory:manage") && <TagPolicyEditor policy={data.policy} />}
          </>
        )}
      </QueryState>
    </div>
  );
}

function RuleCounts({
  data,
  selected,
  onSelect,
}: {
  data: Findings;
  selected: Rule | undefined;
  onSelect(rule: Rule | undefined): void;
}) {
  return (
    <>
      {data.total === 0 && (
        <p className="text-sm text-muted-foreground">
          No findings: every discovered resource passes the built-in rules and the tag policy.
        </p>
      )}
      <ul className="grid gap-2 sm:grid-cols-2 lg:grid-cols-3" aria-label="Findings by rule">
        {data.counts.map((c) => (
          <li key={c.rule}>
            <button
              type="button"
              aria-pressed={selected === c.rule}
              onClick={() => onSelect(selected === c.rule ? undefined : c.rule)}
              disabled={c.count === 0 && selected !== c.rule}
              className="flex w-full items-center justify-between gap-3 rounded-md border p-3 text-left text-sm hover:bg-muted disabled:opacity-60 disabled:hover:bg-transparent aria-pressed:border-primary aria-pressed:bg-muted"
            >
              <span className="grid gap-1">
                <span className="font-medium">{c.title}</span>
                <Badge variant={SEVERITY_VARIANT[c.severity]}>{c.severity}</Badge>
              </span>
              <span className="text-2xl tabular-nums">{c.count}</span>
            </button>
          </li>
        ))}
      </ul>
    </>
  );
}

const TREND_DAYS = [30, 90, 365] as const;

/** The findings recorded per day (after scans, policy changes and a daily snapshot). */
function TrendCard() {
  const format = useFormat();
  const [days, setDays] = useState<(typeof TREND_DAYS)[number]>(90);
  const trend = useOperation("compliance.trend", { days });
  const dayLabel = useCallback((day: string) => format.day(day), [format]);
  return (
    <Card>
      <CardHeader className="flex flex-row flex-wrap items-center justify-between gap-2">
        <CardTitle>Trend</CardTitle>
        <fieldset aria-label="Trend period" className="flex gap-1">
          {TREND_DAYS.map((d) => (
            <Button
              key={d}
              size="sm"
              variant={d === days ? "secondary" : "ghost"}
              aria-pressed={d === days}
              onClick={() => setDays(d)}
            >
              {d} days
            </Button>
          ))}
        </fieldset>
      </CardHeader>
      <CardContent>
        <QueryState query={trend}>
          {(data) =>
            data.days.length === 0 ? (
              <p className="text-sm text-muted-foreground">
                Nothing recorded yet: counts are kept after each scan, each policy change and once a
                day.
              </p>
            ) : (
              <Suspense fallback={<Skeleton className="h-64 w-full" />}>
                <ComplianceTrendChart trend={data} dayLabel={dayLabel} />
              </Suspense>
            )
          }
        </QueryState>
      </CardContent>
    </Card>
  );
}

function FindingsTable({ data, filtered }: { data: Findings; filtered: boolean }) {
  if (data.items.length === 0) return null;
  return (
    <Card>
      <CardHeader>
        <CardTitle>
          {data.total} finding{data.total === 1 ? "" : "s"}
          {filtered ? " for this rule" : ""}
          {data.items.length < data.total ? ` (first ${data.items.length} shown)` : ""}
        </CardTitle>
      </CardHeader>
      {/* The shared table: headers and row spacing as on every other list. */}
      <Table aria-label="Findings">
        <TableHeader>
          <TableRow>
            <TableHead>Resource</TableHead>
            <TableHead>Finding</TableHead>
            <TableHead>Severity</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {data.items.map((f) => (
            <TableRow key={`${f.resourceId} ${f.rule}`}>
              <TableCell>
                <Link
                  to={`/inventory/resources/${f.resourceId}`}
                  className="font-medium hover:underline"
                >
                  {f.resourceName}
                </Link>
                <div className="text-xs text-muted-foreground">
                  {providerLabel(f.provider)} · {typeLabel(f.type)} · {f.region}
                </div>
              </TableCell>
              <TableCell>{f.message}</TableCell>
              <TableCell>
                <Badge variant={SEVERITY_VARIANT[f.severity]}>{f.severity}</Badge>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Card>
  );
}

function TagPolicyEditor({ policy }: { policy: Policy }) {
  const [tags, setTags] = useState(policy.requiredTags.join(", "));
  const [types, setTypes] = useState(policy.types.join(", "));
  const save = useOperationMutation("compliance.tagPolicy.set");
  return (
    <Card>
      <CardHeader>
        <CardTitle>Required tags</CardTitle>
      </CardHeader>
      <CardContent className="grid gap-3 sm:grid-cols-[1fr_1fr_auto] sm:items-end">
        <div className="grid gap-1">
          <Label htmlFor="policy-tags">Tag keys every resource must carry</Label>
          <Input
            id="policy-tags"
            value={tags}
            onChange={(e) => setTags(e.target.value)}
            placeholder="env, owner, client"
          />
        </div>
        <div className="grid gap-1">
          <Label htmlFor="policy-types">Only for these types (empty: all)</Label>
          <Input
            id="policy-types"
            value={types}
            onChange={(e) => setTypes(e.target.value)}
            placeholder="compute.vm, storage.bucket"
          />
        </div>
        <Button
          disabled={save.isPending}
          onClick={() => save.mutate({ requiredTags: list(tags), types: list(types) })}
        >
          Save policy
        </Button>
        {save.error && (
          <Alert variant="destructive" className="sm:col-span-3">
            {errorMessage(save.error)}
          </Alert>
        )}
      </CardContent>
    </Card>
  );
}
