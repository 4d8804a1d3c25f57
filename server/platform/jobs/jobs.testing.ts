import { eq, sql } from "drizzle-orm";
import pino from "pino";
import { afterAll, afterEach, beforeAll } from "vitest";
import {
  openTestDatabase,
  type TestDatabase,
  waitFor,
} from "../../../test/support/test-database.ts";
import type { Db } from "../db/database.ts";
import { jobs } from "./jobs.schema.ts";
import { createJobService, type JobService, type JobServiceDeps } from "./jobs.service.ts";

/**
 * Hooks for a jobs test file: one migrated database per file, emptied and with every service
 * stopped after each test. Read `db` inside tests, after beforeAll has run.
 */
export function setupJobsTest() {
  let testDb: TestDatabase | undefined;
  const services: JobService[] = [];

  beforeAll(async () => {
    testDb = await openTestDatabase();
  }, 60_000);

  afterEach(async () => {
    await Promise.all(services.splice(0).map((service) => service.stop(0)));
    await kit.db.execute(sql`truncate jobs, schedules`);
  });

  afterAll(async () => {
    await testDb?.close();
  });

  const kit = {
    get db(): Db {
      if (!testDb) throw new Error("the test database is opened in beforeAll");
      return testDb.database.db;
    },
    /** Another connection to the same database, as a second instance would have. */
    async connectAgain(): Promise<Db> {
      return (await testDb!.connectAgain()).db;
    },
    /** A service polling every 10 ms, stopped after the test. */
    makeService(deps: Partial<JobServiceDeps> = {}) {
      const service = createJobService({
        db: kit.db,
        log: pino({ level: "silent" }),
        pollMs: 10,
        ...deps,
      });
      services.push(service);
      return service;
    },
    async jobById(id: string) {
      const [job] = await kit.db.select().from(jobs).where(eq(jobs.id, id));
      if (!job) throw new Error(`job ${id} not found`);
      return job;
    },
    waitForStatus(id: string, status: string) {
      return waitFor(
        async () => {
          const job = await kit.jobById(id);
          return job.status === status && job;
        },
        { what: `job ${id} to be ${status}` },
      );
    },
  };
  return kit;
}
