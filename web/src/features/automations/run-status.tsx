import { Badge } from "../../components/ui/badge.tsx";
import { STATUS_VARIANT } from "./labels.ts";

/** A run's or a step's status as a badge. */
export function RunStatusBadge({ status }: { status: keyof typeof STATUS_VARIANT }) {
  return (
    <Badge variant={STATUS_VARIANT[status]} data-status={status}>
      {status === "waiting" ? "waiting for approval" : status}
    </Badge>
  );
}
