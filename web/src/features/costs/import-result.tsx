import { Link } from "react-router";
import { useFormat } from "../../lib/session.tsx";
import { accountCount, billedByCurrency, periodMonths } from "./import-summary.ts";
import { createMoneyFormat } from "./money.ts";
import type { ImportResult } from "./use-uploads.ts";

/** What one import brought in: rows, periods, accounts, BilledCost, replaced rows, conformance. */
export function ImportResultSummary({ result }: { result: ImportResult }) {
  const format = useFormat();
  const billed = billedByCurrency(result.periods)
    .map(({ currency, total }) => createMoneyFormat(format.locale, currency).money(total))
    .join(" + ");
  const facts = [
    ["Format", result.format.toUpperCase()],
    ["Rows", format.number(result.rows)],
    ["Periods", periodMonths(result.periods).join(", ")],
    ["Accounts", format.number(accountCount(result.periods))],
    ["BilledCost", billed],
    ["Replaced rows", format.number(result.replacedRows)],
    [
      "FOCUS 1.2 rules",
      result.conformance
        ? `${format.number(result.conformance.passed)} pass, ${format.number(result.conformance.failed)} fail`
        : "not checked",
    ],
  ] as const;
  return (
    <div className="grid gap-2">
      <dl className="grid grid-cols-2 gap-x-6 gap-y-1 text-sm sm:grid-cols-4">
        {facts.map(([label, value]) => (
          <div key={label} className="min-w-0">
            <dt className="text-xs text-muted-foreground">{label}</dt>
            <dd className="truncate font-medium tabular-nums" title={value}>
              {value}
            </dd>
          </div>
        ))}
      </dl>
      <Link
        to={`/costs/imports/${result.id}`}
        className="text-sm font-medium underline-offset-4 hover:underline"
      >
        Conformance report and period totals →
      </Link>
    </div>
  );
}
