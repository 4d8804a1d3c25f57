import { z } from "zod";
import type { Db } from "../../../platform/db/database.ts";
import type { Services } from "../../../platform/services.ts";
import { scrapeDue } from "./scrape.service.ts";

export const SCRAPE_DISPATCH_JOB = "scrape.dispatch";

/** Each minute, scrapes the targets that are due (intervals are whole minutes or more). */
export function registerScrapeJobs(db: Db, services: Services) {
  services.jobs.define({
    name: SCRAPE_DISPATCH_JOB,
    payload: z.object({}),
    timeoutMs: 5 * 60_000,
    handler: () => scrapeDue(db, services.config.blockPrivateNetworks),
  });
}

export async function scheduleScrapeJobs(db: Db, services: Services) {
  await services.jobs.schedule(db, {
    key: SCRAPE_DISPATCH_JOB,
    cron: "* * * * *",
    jobName: SCRAPE_DISPATCH_JOB,
  });
}
