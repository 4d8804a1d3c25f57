import { ChevronRight } from "lucide-react";
import type { ReactNode } from "react";
import { Badge } from "../../components/ui/badge.tsx";
import {
  Card,
  CardContent,
  CardDescription,
  CardHeader,
  CardTitle,
} from "../../components/ui/card.tsx";
import type { OperationOutput } from "../../lib/api.ts";
import { useFormat } from "../../lib/session.tsx";

type Report = NonNullable<OperationOutput<"costs.imports.get">["conformance"]>;
type Rule = Report["rules"][number];

function RuleHeading({ rule }: { rule: Rule }) {
  return (
    <div className="flex flex-wrap items-baseline gap-x-2 gap-y-1">
      <code className="font-mono text-xs font-medium">{rule.id}</code>
      {rule.column && <Badge variant="outline">{rule.column}</Badge>}
      <span className="text-sm text-muted-foreground">{rule.description}</span>
    </div>
  );
}

function FailingRule({ rule }: { rule: Rule }) {
  const format = useFormat();
  return (
    <li className="grid gap-2 px-6 py-4" data-testid="costs-failing-rule">
      <RuleHeading rule={rule} />
      <p className="text-sm font-medium text-destructive">
        {format.number(rule.failed)} of {format.number(rule.checked)} rows fail
      </p>
      {rule.examples.length > 0 && (
        <table className="w-full text-sm" aria-label={`Examples failing ${rule.id}`}>
          <thead>
            <tr className="text-left text-xs text-muted-foreground">
              <th className="w-16 py-1 pr-3 font-medium">Row</th>
              <th className="w-48 py-1 pr-3 font-medium">Value</th>
              <th className="py-1 font-medium">Reason</th>
            </tr>
          </thead>
          <tbody>
            {rule.examples.map((e) => (
              <tr key={`${e.row}-${e.reason}`} className="border-t align-top">
                <td className="py-1.5 pr-3 tabular-nums">{e.row}</td>
                <td
                  className="max-w-48 truncate py-1.5 pr-3 font-mono text-xs"
                  title={e.value ?? "null"}
                >
                  {e.value ?? <span className="text-muted-foreground">null</span>}
                </td>
                <td className="py-1.5 break-words">{e.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </li>
  );
}

function Section(props: { title: string; count: number; open?: boolean; children: ReactNode }) {
  return (
    <details open={props.open} className="group border-t">
      <summary className="flex cursor-pointer list-none items-center gap-2 px-6 py-3 text-sm font-medium hover:bg-muted/50 [&::-webkit-details-marker]:hidden">
        <ChevronRight className="size-4 transition-transform group-open:rotate-90" aria-hidden />
        {props.title}
        <span className="text-muted-foreground">({props.count})</span>
      </summary>
      {props.children}
    </details>
  );
}

/** The FOCUS 1.2 report: failing rules with examples, then passing, then not applicable. */
export function ConformanceReport({ report }: { report: Report }) {
  const format = useFormat();
  const failing = report.rules.filter((r) => r.status === "fail");
  const passing = report.rules.filter((r) => r.status === "pass");
  const notApplicable = report.rules.filter((r) => r.status === "not-applicable");
  return (
    <Card>
      <CardHeader>
        <div>
          <CardTitle>FOCUS {report.version} conformance</CardTitle>
          <CardDescription>
            {format.number(report.rows)} rows checked against the FOCUS specification's rules.
            Failing rules do not stop an import; they say where the data strays from the standard.
          </CardDescription>
        </div>
        <span className="inline-flex gap-1.5">
          <Badge variant="success">{report.passed} pass</Badge>
          <Badge variant={report.failed > 0 ? "destructive" : "outline"}>
            {report.failed} fail
          </Badge>
          <Badge variant="outline">{report.notApplicable} not applicable</Badge>
        </span>
      </CardHeader>
      {failing.length > 0 ? (
        <section aria-label="Failing rules">
          <h3 className="border-t bg-destructive/5 px-6 py-2 text-sm font-medium text-destructive">
            Failing rules ({failing.length})
          </h3>
          <ul className="divide-y border-t">
            {failing.map((rule) => (
              <FailingRule key={rule.id} rule={rule} />
            ))}
          </ul>
        </section>
      ) : (
        <CardContent>
          <p className="text-sm text-success">Every applicable rule passes.</p>
        </CardContent>
      )}
      <Section title="Passing rules" count={passing.length} open={failing.length === 0}>
        <ul className="divide-y border-t">
          {passing.map((rule) => (
            <li key={rule.id} className="px-6 py-2.5">
              <RuleHeading rule={rule} />
            </li>
          ))}
        </ul>
      </Section>
      <Section title="Not applicable" count={notApplicable.length}>
        <ul className="divide-y border-t">
          {notApplicable.map((rule) => (
            <li key={rule.id} className="px-6 py-2.5">
              <RuleHeading rule={rule} />
            </li>
          ))}
        </ul>
      </Section>
    </Card>
  );
}
