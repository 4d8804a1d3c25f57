import { and, eq, gt, inArray, lte } from "drizzle-orm";
import type { Db } from "../../../platform/db/database.ts";
import { alertEvents, alertSilences, alerts } from "./alerts.schema.ts";
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
 * against the silences in force when they fire). A firing one's history says so, as when an
 * evaluation finds it silenced (engine.ts followSilences). Returns how many it marked.
 */
export async function silenceOpenAlerts(
  db: Db,
  workspaceId: string,
  matchers: SilenceMatcher[],
  now: Date = new Date(),
): Promise<number> {
  const open = await db
    .select({ id: alerts.id, labels: alerts.labels, state: alerts.state })
    .from(alerts)
    .where(
      and(
        eq(alerts.workspaceId, workspaceId),
        inArray(alerts.state, ["pending", "firing"]),
        eq(alerts.isSilenced, false),
      ),
    );
  const covered = open.filter((a) => matches(matchers, a.labels));
  if (covered.length === 0) return 0;
  await db
    .update(alerts)
    .set({ isSilenced: true })
    .where(
      inArray(
        alerts.id,
        covered.map((a) => a.id),
      ),
    );
  const firing = covered.filter((a) => a.state === "firing");
  if (firing.length > 0)
    await db.insert(alertEvents).values(
      firing.map((a) => ({
        workspaceId,
        alertId: a.id,
        at: now,
        state: "firing",
        note: "Silenced: nobody is notified",
      })),
    );
  return covered.length;
}
