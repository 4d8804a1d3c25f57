import { and, eq, gt, inArray, lte } from "drizzle-orm";
import type { Db } from "../../../platform/db/database.ts";
import { alertSilences, alerts } from "./alerts.schema.ts";
import { matches, type SilenceMatcher } from "./silence-match.ts";

/** The silences of a workspace in force at `now`. */
export function activeSilences(db: Db, workspaceId: string, now: Date) {
  return db
    .select()
    .from(alertSilences)
    .where(
      and(
        eq(alertSilences.workspaceId, workspaceId),
        lte(alertSilences.startsAt, now),
        gt(alertSilences.endsAt, now),
      ),
    );
}

/**
 * Marks the workspace's open alerts that a new silence covers: their resolution is then not
 * announced either, and the list shows them silenced at once (alerts that fire later are judged
 * against the silences in force when they fire). Returns how many it marked.
 */
export async function silenceOpenAlerts(
  db: Db,
  workspaceId: string,
  matchers: SilenceMatcher[],
): Promise<number> {
  const open = await db
    .select({ id: alerts.id, labels: alerts.labels })
    .from(alerts)
    .where(
      and(
        eq(alerts.workspaceId, workspaceId),
        inArray(alerts.state, ["pending", "firing"]),
        eq(alerts.isSilenced, false),
      ),
    );
  const ids = open.filter((a) => matches(matchers, a.labels)).map((a) => a.id);
  if (ids.length > 0)
    await db.update(alerts).set({ isSilenced: true }).where(inArray(alerts.id, ids));
  return ids.length;
}
