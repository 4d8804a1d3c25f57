import type { Db } from "../../../platform/db/database.ts";
import { type CostOwner, clientOfCost } from "../allocation/whose-cost.ts";
import { addDays } from "../analysis/daily-series.ts";
import type { Filters } from "../explorer/query.ts";
import type { StoredAnomaly } from "./anomaly-queries.ts";
import type { Cause } from "./root-cause.ts";

/** A cause that drives at least this share of the deviation speaks for the anomaly. */
const LEADING_SHARE = 0.5;

/** `filters` narrowed to one more dimension value (a FOCUS column, or "tag:<key>"). */
function narrowed(filters: Filters, dimension: string, key: string): Filters {
  if (!dimension || !key) return filters;
  if (dimension.startsWith("tag:"))
    return { ...filters, tags: { ...filters.tags, [dimension.slice(4)]: [key] } };
  return { ...filters, [dimension]: [key] } as Filters;
}

/**
 * Whose an anomaly's cost is, by the allocation rules: the one client its day's cost goes to;
 * when its series mixes clients (a service several clients use), the one client of the cause
 * that drove most of the change (a Lambda runaway driven by globex-etl is Globex's). Null when
 * the rules do not say.
 */
export async function clientOfAnomaly(
  db: Db,
  workspaceId: string,
  anomaly: StoredAnomaly,
): Promise<CostOwner | null> {
  const scope = {
    workspaceId,
    from: anomaly.day,
    to: addDays(anomaly.day, 1),
    currency: anomaly.currency,
  };
  const filters = narrowed({}, anomaly.dimension, anomaly.key);
  const whole = await clientOfCost(db, { ...scope, filters });
  if (whole) return whole;
  const lead = (anomaly.rootCause as Cause[])[0];
  if (!lead || lead.share < LEADING_SHARE) return null;
  return clientOfCost(db, { ...scope, filters: narrowed(filters, lead.dimension, lead.key) });
}
