import { Link } from "react-router";
import { QueryState } from "../../../components/query-state.tsx";
import { Button } from "../../../components/ui/button.tsx";
import { Card, CardDescription, CardHeader, CardTitle } from "../../../components/ui/card.tsx";
import { SkeletonRows } from "../../../components/ui/skeleton.tsx";
import { useOperation } from "../../../lib/operations.ts";
import { useSession } from "../../../lib/session.tsx";
import { describeFilters } from "../../costs/budgets/budget-format.ts";
import { createMoneyFormat } from "../../costs/money.ts";
import type { ProjectDetail } from "../project-layout.tsx";

/** The project's cloud spend over the last 30 days and the services behind it. */
export function ProjectCostCard({ project }: { project: ProjectDetail }) {
  const { format } = useSession();
  const costs = useOperation("projects.costs", { id: project.id });
  return (
    <Card>
      <CardHeader>
        <div>
          <CardTitle>Cloud cost, last 30 days</CardTitle>
          <CardDescription>{describeFilters(project.costScope)} · BilledCost</CardDescription>
        </div>
        <Button variant="outline" size="sm" asChild>
          <Link to="/costs">Open the explorer</Link>
        </Button>
      </CardHeader>
      <QueryState query={costs} loading={<SkeletonRows rows={2} label="Loading costs" />}>
        {(data) => {
          if (!data.hasScope)
            return (
              <p className="border-t px-6 py-4 text-sm text-muted-foreground">
                No cost scope yet: pick a tag or account below.
              </p>
            );
          const fmt = createMoneyFormat(format.locale, data.currency);
          const peak = Math.max(...data.daily.map(Number), 0);
          return (
            <div className="grid gap-4 border-t px-6 py-4 sm:grid-cols-[20rem_1fr]">
              <div>
                <p className="text-2xl font-semibold tabular-nums" data-testid="project-cost-total">
                  {fmt.money(data.total)}
                </p>
                <ul className="mt-2 grid gap-0.5 text-xs text-muted-foreground">
                  {data.services.slice(0, 4).map((s) => (
                    <li key={s.service ?? "none"} className="flex justify-between gap-2">
                      <span className="truncate">{s.service ?? "(not set)"}</span>
                      <span className="tabular-nums">{fmt.money(s.total)}</span>
                    </li>
                  ))}
                </ul>
              </div>
              <div
                className="flex h-24 items-end gap-px"
                role="img"
                aria-label={`Daily cost over ${data.dates.length} days, peak ${fmt.money(String(peak))}`}
              >
                {data.daily.map((v, i) => (
                  <div
                    key={data.dates[i]}
                    className="flex-1 rounded-t-sm bg-primary/70"
                    style={{ height: `${peak ? (Number(v) / peak) * 100 : 0}%` }}
                    title={`${data.dates[i]}: ${fmt.money(v)}`}
                  />
                ))}
              </div>
            </div>
          );
        }}
      </QueryState>
    </Card>
  );
}
