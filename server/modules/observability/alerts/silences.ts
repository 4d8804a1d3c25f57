import { and, eq, gt, lte } from "drizzle-orm";
import type { Db } from "../../../platform/db/database.ts";
import { alertSilences, type SilenceMatcher } from "./alerts.schema.ts";

/** True when every matcher holds for the labels (a missing label reads as ""). */
export function matches(matchers: SilenceMatcher[], labels: Record<string, string>): boolean {
  return matchers.every((m) => ((labels[m.label] ?? "") === m.value) === m.isEqual);
}

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
