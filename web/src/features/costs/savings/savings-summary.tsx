import type { OperationOutput } from "../../../lib/api.ts";
import type { MoneyFormat } from "../money.ts";
import { StatCard } from "../stat-card.tsx";

type Savings = OperationOutput<"costs.savings">;

/** A percentage string from the server ("42.5"), or a dash when there was nothing to divide. */
const percentOf = (value: string | null, fmt: MoneyFormat) =>
  value === null ? "—" : fmt.percent(Number(value) / 100);

/** The estimated monthly saving, and how well commitments cover compute and are used. */
export function SavingsSummary({ savings, fmt }: { savings: Savings; fmt: MoneyFormat }) {
  const count = savings.items.length;
  return (
    <div className="grid gap-4 sm:grid-cols-3">
      <StatCard
        wrapHint
        label="Estimated saving per month"
        value={fmt.money(savings.totalMonthlySaving)}
        hint={
          count === 0
            ? "No advice for this window"
            : `From ${count} piece${count === 1 ? "" : "s"} of advice below, advice on the same resource combined rather than added; estimates, not promises`
        }
        testId="savings-total"
      />
      <StatCard
        wrapHint
        label="Commitment coverage"
        value={percentOf(savings.coverage, fmt)}
        hint={
          savings.coverage === null
            ? "No compute usage in the window"
            : "Of compute usage cost, paid at committed (reserved, savings plan) prices"
        }
        testId="savings-coverage"
      />
      <StatCard
        wrapHint
        label="Commitment utilisation"
        value={percentOf(savings.utilisation, fmt)}
        hint={
          savings.utilisation === null
            ? "No reservations or savings plans in the window"
            : "Of what commitments cost, the part that was used"
        }
        testId="savings-utilisation"
      />
    </div>
  );
}
