import { Badge } from "../../components/ui/badge.tsx";

const RUNNING = /^(active|running|available|online|attached|succeeded|in-use)$/i;
const STOPPED = /^(off|stopped|stopping|paused|unattached|pending|new|provisioning)$/i;

/** A resource's provider state, coloured by what it means; deleted resources say so. */
export function StateBadge({
  state,
  deletedAt,
}: {
  state: string | null;
  deletedAt?: string | null;
}) {
  if (deletedAt) return <Badge variant="destructive">deleted</Badge>;
  if (!state) return <span className="text-muted-foreground">—</span>;
  const variant = RUNNING.test(state) ? "success" : STOPPED.test(state) ? "warning" : "secondary";
  return <Badge variant={variant}>{state}</Badge>;
}
