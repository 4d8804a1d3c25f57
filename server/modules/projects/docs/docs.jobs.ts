import { z } from "zod";
import type { Db } from "../../../platform/db/database.ts";
import type { Services } from "../../../platform/services.ts";
import { sweepTrash } from "./doc-trash.ts";

/** The wiki's housekeeping: deleted pages leave the trash for good after TRASH_DAYS. */
export function registerDocJobs(db: Db, services: Services) {
  services.jobs.define({
    name: "docs.sweepTrash",
    payload: z.object({}),
    handler: async () => ({ purged: await sweepTrash(db) }),
  });
}

export async function scheduleDocJobs(db: Db, services: Services) {
  await services.jobs.schedule(db, {
    key: "docs.sweepTrash",
    cron: "37 3 * * *",
    jobName: "docs.sweepTrash",
  });
}
