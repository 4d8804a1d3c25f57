import { BarChart3 } from "lucide-react";
import { useState } from "react";
import { FormField } from "../../components/form-field.tsx";
import { QueryState } from "../../components/query-state.tsx";
import { Button } from "../../components/ui/button.tsx";
import { Card, CardDescription, CardHeader, CardTitle } from "../../components/ui/card.tsx";
import { EmptyState } from "../../components/ui/empty-state.tsx";
import { Input } from "../../components/ui/input.tsx";
import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "../../components/ui/table.tsx";
import { Tabs, TabsList, TabsTrigger } from "../../components/ui/tabs.tsx";
import type { OperationOutput } from "../../lib/api.ts";
import { useOperation } from "../../lib/operations.ts";
import { useSession, useWorkspace } from "../../lib/session.tsx";
import { addDays, mondayOf, todayIn } from "./time-format.ts";

type Sums = OperationOutput<"time.totals">["total"];
type GroupBy = "project" | "task" | "client" | "person";

const GROUPS: [GroupBy, string][] = [
  ["project", "Project"],
  ["task", "Task"],
  ["client", "Client"],
  ["person", "Person"],
];

/** Preset ranges as [first day, last day], inclusive, in the workspace's days. */
function presets(timeZone: string): [string, string, string][] {
  const today = todayIn(timeZone);
  const monday = mondayOf(today);
  const monthStart = `${today.slice(0, 7)}-01`;
  const lastMonthStart = `${addDays(monthStart, -1).slice(0, 7)}-01`;
  return [
    ["This week", monday, addDays(monday, 6)],
    ["Last week", addDays(monday, -7), addDays(monday, -1)],
    ["This month", monthStart, addDays(`${addDays(monthStart, 32).slice(0, 7)}-01`, -1)],
    ["Last month", lastMonthStart, addDays(monthStart, -1)],
  ];
}

function Amounts({ sums }: { sums: Sums }) {
  const { format } = useSession();
  if (sums.amounts.length === 0) return <span className="text-muted-foreground">–</span>;
  return (
    <>
      {sums.amounts.map((a) => (
        <div key={a.currency}>
          {new Intl.NumberFormat(format.locale, { style: "currency", currency: a.currency }).format(
            Number(a.amount),
          )}
        </div>
      ))}
    </>
  );
}

function SumCells({ sums }: { sums: Sums }) {
  return (
    <>
      <TableCell className="text-right tabular-nums">{sums.hours}</TableCell>
      <TableCell className="text-right tabular-nums">{sums.billableHours}</TableCell>
      <TableCell className="text-right tabular-nums">{sums.roundedBillableHours}</TableCell>
      <TableCell className="text-right tabular-nums">
        <Amounts sums={sums} />
      </TableCell>
    </>
  );
}

/** Hours and billable amounts for a range, grouped by project, task, client or person. */
export function ReportsPage() {
  const { timezone } = useWorkspace();
  const [[, thisWeekFrom, thisWeekTo]] = presets(timezone) as [[string, string, string]];
  const [from, setFrom] = useState(thisWeekFrom);
  const [to, setTo] = useState(thisWeekTo);
  const [groupBy, setGroupBy] = useState<GroupBy>("project");
  const isValid = !!from && !!to && to >= from;
  const totals = useOperation(
    "time.totals",
    { from, to: isValid ? addDays(to, 1) : from, groupBy },
    { enabled: isValid },
  );
  return (
    <Card>
      <CardHeader>
        <div>
          <CardTitle>Reports</CardTitle>
          <CardDescription>
            Hours in hours (2 dp). Billable time is rounded per entry by each project&apos;s rule;
            amounts are rate × rounded hours, to the cent per entry. Days in {timezone}.
          </CardDescription>
        </div>
      </CardHeader>
      <div className="flex flex-wrap items-end gap-4 px-6 pb-4">
        <FormField id="report-from" label="From">
          <Input
            id="report-from"
            type="date"
            value={from}
            onChange={(e) => setFrom(e.target.value)}
          />
        </FormField>
        <FormField id="report-to" label="To (inclusive)">
          <Input id="report-to" type="date" value={to} onChange={(e) => setTo(e.target.value)} />
        </FormField>
        <div className="flex flex-wrap gap-1">
          {presets(timezone).map(([label, a, b]) => (
            <Button
              key={label}
              variant={from === a && to === b ? "secondary" : "ghost"}
              size="sm"
              onClick={() => {
                setFrom(a);
                setTo(b);
              }}
            >
              {label}
            </Button>
          ))}
        </div>
        <Tabs value={groupBy} onValueChange={(v) => setGroupBy(v as GroupBy)} className="ml-auto">
          <TabsList aria-label="Group by">
            {GROUPS.map(([value, label]) => (
              <TabsTrigger key={value} value={value}>
                {label}
              </TabsTrigger>
            ))}
          </TabsList>
        </Tabs>
      </div>
      {!isValid ? (
        <p className="px-6 pb-6 text-sm text-destructive">
          The last day must be on or after the first.
        </p>
      ) : (
        <QueryState
          query={totals}
          isEmpty={(t) => t.groups.length === 0}
          empty={<EmptyState icon={BarChart3} title="No time in this range" />}
        >
          {(t) => (
            <Table data-testid="time-report">
              <TableHeader>
                <TableRow>
                  <TableHead>{GROUPS.find(([g]) => g === groupBy)?.[1]}</TableHead>
                  <TableHead className="text-right">Hours</TableHead>
                  <TableHead className="text-right">Billable h</TableHead>
                  <TableHead className="text-right">Rounded billable h</TableHead>
                  <TableHead className="text-right">Amount</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {t.groups.map((g) => (
                  <TableRow key={g.key ?? "none"} data-testid="time-report-row">
                    <TableCell className="max-w-80 truncate font-medium">{g.label}</TableCell>
                    <SumCells sums={g} />
                  </TableRow>
                ))}
                <TableRow className="bg-muted/40 font-semibold">
                  <TableCell>Total</TableCell>
                  <SumCells sums={t.total} />
                </TableRow>
              </TableBody>
            </Table>
          )}
        </QueryState>
      )}
    </Card>
  );
}
