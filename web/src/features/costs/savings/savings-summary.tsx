import type { ReactNode } from "react";
import { Card } from "../../../components/ui/card.tsx";
import type { OperationOutput } from "../../../lib/api.ts";
import type { MoneyFormat } from "../money.ts";

type Savings = OperationOutput<"costs.savings">;

function Stat(props: { label: string; value: ReactNode; hint: string; testId: string }) {
  return (
    <Card className="px-5 py-4">
      <p className="text-xs font-medium text-muted-foreground">{props.label}</p>
      <p
        className="mt-1 text-2xl font-semibold tracking-tight tabular-nums"
        data-testid={props.testId}
      >
        {props.value}
      </p>
      <p className="mt-1 text-xs text-muted-foreground">{props.hint}</p>
    </Card>
  );
}

/** A percentage string from the server ("42.5"), or a dash when there was nothing to divide. */
const percentOf = (value: string | null, fmt: MoneyFormat) =>
  value === null ? "—" : fmt.percent(Number(value) / 100);

/** The estimated monthly saving, and how well commitments cover compute and are used. */
export function SavingsSummary({ savings, fmt }: { savings: Savings; fmt: MoneyFormat }) {
  const count = savings.items.length;
  return (
    <div className="grid gap-4 sm:grid-cols-3">
      <Stat
        label="Estimated saving per month"
        value={fmt.money(savings.totalMonthlySaving)}
        hint={
          count === 0
            ? "No advice for this window"
            : `From ${count} piece${count === 1 ? "" : "s"} of advice below; estimates, not promises`
        }
        testId="savings-total"
      />
      <Stat
        label="Commitment coverage"
        value={percentOf(savings.coverage, fmt)}
        hint={
          savings.coverage === null
            ? "No compute usage in the window"
            : "Of compute usage cost, paid at committed (reserved, savings plan) prices"
        }
        testId="savings-coverage"
      />
      <Stat
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
