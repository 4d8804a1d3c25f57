import { CronExpressionParser } from "cron-parser";
import { invalid } from "../errors.ts";
import { assertTimeZone } from "../time-zone.ts";

/**
 * The first time strictly after `after` that matches the expression in the zone. Throws
 * invalid_input naming `cron`: cron-parser reads an empty string as "every minute", so that is
 * refused here rather than silently scheduled.
 */
export function nextCronRun(cron: string, timezone: string, after: Date): Date {
  assertTimeZone(timezone);
  if (cron.trim() === "") throw invalid("cron", "is empty; use five fields such as */15 * * * *");
  try {
    return CronExpressionParser.parse(cron, { currentDate: after, tz: timezone }).next().toDate();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw invalid("cron", `"${cron}" is not a valid cron expression (${reason})`);
  }
}
