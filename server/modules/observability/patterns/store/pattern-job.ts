import type { Db } from "../../../../platform/db/database.ts";
import type { DomainEvents } from "../../../../platform/events/domain-events.ts";
import { workspaces } from "../../../../platform/workspaces/workspaces.schema.ts";
import { type MiningOptions, mineWorkspacePatterns } from "./pattern-mining.ts";

/** The job that mines one workspace's new lines now, on request (logs.minePatterns). */
export const MINE_WORKSPACE_JOB = "observability.minePatternsOfWorkspace";

/**
 * One run of the minute job: every workspace mined up to `maxBatches` batches, so one busy
 * workspace delays the others by a bounded amount and catches up over the next runs.
 */
export async function minePatternsOfAllWorkspaces(
  db: Db,
  events: Pick<DomainEvents, "emit">,
  options: MiningOptions = {},
) {
  const all = await db.select({ id: workspaces.id }).from(workspaces);
  let lines = 0;
  let newPatterns = 0;
  let behind = 0;
  for (const { id } of all) {
    const result = await mineWorkspacePatterns(db, events, id, options);
    lines += result.lines;
    newPatterns += result.newPatterns;
    if (!result.caughtUp) behind++;
  }
  return { workspaces: all.length, lines, newPatterns, behind };
}
