import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  addMember,
  createOwner,
  createTestRuntime,
  type Person,
  type TestRuntime,
} from "../../../../test/support/runtime.ts";
import { waitFor } from "../../../../test/support/test-database.ts";
import type { OperationOutput } from "../../../adapters/client.ts";
import { AppError } from "../../../platform/errors.ts";
import { jobs } from "../../../platform/jobs/jobs.schema.ts";
import { clientOfCost } from "../allocation/whose-cost.ts";
import { dayFromToday, focusBill, type TestResource } from "./cost-file.testkit.ts";

type Anomaly = OperationOutput<"costs.anomalies.list">[number];

// A small agency bill over ten weeks: two web servers, two Lambda functions and a bucket. On
// SPIKE_DAY the ETL function runs away (×15); nothing else moves.
const SPIKE_DAY = dayFromToday(-6);
const RESOURCES: TestResource[] = [
  { service: "Amazon EC2", id: "i-web-1", name: "web-1", region: "eu-west-1", daily: 30 },
  { service: "Amazon EC2", id: "i-web-2", name: "web-2", region: "eu-west-1", daily: 30 },
  {
    service: "AWS Lambda",
    id: "arn:lambda:fn-etl",
    name: "fn-etl",
    region: "us-east-1",
    daily: 2,
    tags: { client: "globex" },
    spikes: { [SPIKE_DAY]: 15 },
  },
  {
    service: "AWS Lambda",
    id: "arn:lambda:fn-api",
    name: "fn-api",
    region: "us-east-1",
    daily: 3,
    tags: { client: "acme" },
  },
  { service: "Amazon S3", id: "bucket-assets", name: "assets", region: "eu-west-1", daily: 5 },
];

let rt: TestRuntime;
let owner: Person & { workspaceId: string };
let viewer: Person;

async function refusal(run: () => Promise<unknown>): Promise<AppError> {
  try {
    await run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("the call was allowed");
}

/** Waits for a job to finish and fails with its error if it did not succeed. */
async function finished(jobId: string) {
  const job = await waitFor(
    async () => {
      const [row] = await rt.database.db.select().from(jobs).where(eq(jobs.id, jobId));
      return row && (row.status === "succeeded" || row.lastError !== null) && row;
    },
    { timeoutMs: 60_000, what: `job ${jobId}` },
  );
  expect(job.lastError).toBeNull();
  return job;
}

const list = async (input: Record<string, unknown> = {}) =>
  (await rt.as(owner.caller, "costs.anomalies.list", input)) as Anomaly[];

const detect = async () => {
  const { jobId } = (await rt.as(owner.caller, "costs.anomalies.detect", {})) as {
    jobId: string;
  };
  return finished(jobId);
};

const notificationsOfOwner = async () =>
  (
    (await rt.as(owner.caller, "notifications.list", { limit: 100 })) as {
      items: { kind: string; title: string; body: string; link: string | null }[];
    }
  ).items.filter((n) => n.kind === "cost.anomaly");

beforeAll(async () => {
  rt = await createTestRuntime();
  owner = await createOwner(rt, "anomalies@example.com", "Anomalies");
  viewer = await addMember(rt, owner.workspaceId, "viewer@example.com", "viewer");
  await rt.as({ ...owner.caller, upload: focusBill(RESOURCES, { days: 70 }) }, "costs.import", {});
  rt.services.jobs.start();
}, 60_000);

afterAll(async () => {
  await rt?.close();
});

describe("costs.detectAnomalies", () => {
  it("finds the Lambda spike on its day, driven by the function that ran away", async () => {
    await detect();
    const found = await list();
    const lambda = found.find((a) => a.dimension === "ServiceName" && a.key === "AWS Lambda");
    expect(lambda).toMatchObject({ day: SPIKE_DAY, severity: "high", status: "open" });
    expect(Number(lambda!.actual)).toBeGreaterThan(Number(lambda!.upper));
    expect(Number(lambda!.expected)).toBeGreaterThan(4);
    expect(Number(lambda!.expected)).toBeLessThan(6);
    expect(lambda!.rootCause[0]).toMatchObject({
      dimension: "ResourceId",
      key: "arn:lambda:fn-etl",
      name: "fn-etl",
    });
    expect(lambda!.rootCause[0]!.share).toBeGreaterThan(0.9);
    // The same incident under its tag; the steady services stay quiet.
    expect(found.some((a) => a.dimension === "tag:client" && a.key === "globex")).toBe(true);
    expect(found.filter((a) => ["Amazon EC2", "Amazon S3"].includes(a.key))).toEqual([]);
    expect(found.every((a) => a.day === SPIKE_DAY)).toBe(true);
  });

  it("notifies staff once about the run's new anomalies, linking the strongest", async () => {
    const notes = await notificationsOfOwner();
    expect(notes).toHaveLength(1);
    expect(notes[0]!.title).toContain("service AWS Lambda");
    expect(notes[0]!.body).toContain("Driven by resource fn-etl");
    const lambda = (await list()).find((a) => a.key === "AWS Lambda")!;
    expect(notes[0]!.link).toBe(`/costs/anomalies/${lambda.id}`);
  });

  it("re-running neither duplicates anomalies nor reopens acknowledged ones", async () => {
    const before = await list();
    const lambda = before.find((a) => a.key === "AWS Lambda")!;
    await rt.as(owner.caller, "costs.anomalies.acknowledge", { id: lambda.id });
    // As the importer queues it after each import: by name, with the workspace.
    const job = await rt.services.jobs.enqueue(
      rt.database.db,
      "costs.detectAnomalies",
      { workspaceId: owner.workspaceId },
      { workspaceId: owner.workspaceId },
    );
    await finished(job.id);
    const after = await list();
    expect(after.map((a) => a.id).sort()).toEqual(before.map((a) => a.id).sort());
    expect(after.find((a) => a.id === lambda.id)).toMatchObject({
      status: "acknowledged",
      actual: lambda.actual,
      rootCause: lambda.rootCause,
    });
    expect(await notificationsOfOwner()).toHaveLength(1);
  });

  it("reports a run's outcome to the page that started it", async () => {
    const { jobId } = (await rt.as(owner.caller, "costs.anomalies.detect", {})) as {
      jobId: string;
    };
    await finished(jobId);
    const run = await rt.as(owner.caller, "costs.anomalies.detection", { jobId });
    expect(run).toMatchObject({ jobId, status: "succeeded", added: 0, error: null });
    expect((run as { found: number }).found).toBeGreaterThan(0);
    const latest = await rt.as(viewer.caller, "costs.anomalies.detection", {});
    expect(latest).toMatchObject({ jobId });
  });

  it("the daily run without a workspace queues one detection per workspace with costs", async () => {
    const job = await rt.services.jobs.enqueue(rt.database.db, "costs.detectAnomalies", {});
    const done = await finished(job.id);
    expect(done.result).toEqual({ workspaces: 1 });
  });
});

describe("costs.anomalies.acknowledge", () => {
  it("records who acknowledged it and audits the call with its note", async () => {
    const open = (await list({ status: "open" }))[0]!;
    const acknowledged = (await rt.as(owner.caller, "costs.anomalies.acknowledge", {
      id: open.id,
      note: "Backfill of the globex warehouse, agreed with the client",
    })) as Anomaly;
    expect(acknowledged).toMatchObject({ status: "acknowledged", acknowledgedBy: "anomalies" });
    expect(acknowledged.acknowledgedAt).not.toBeNull();
    expect((await list({ status: "open" })).some((a) => a.id === open.id)).toBe(false);
    const audit = (await rt.as(owner.caller, "audit.list", {
      action: "costs.anomalies.acknowledge",
    })) as { targetId: string | null; outcome: string; inputSummary: { note?: string } }[];
    expect(audit.find((e) => e.targetId === open.id)).toMatchObject({
      outcome: "ok",
      inputSummary: { note: "Backfill of the globex warehouse, agreed with the client" },
    });
  });

  it("is refused to a viewer, who may still read the anomalies", async () => {
    const [first] = (await rt.as(viewer.caller, "costs.anomalies.list", {})) as Anomaly[];
    const error = await refusal(() =>
      rt.as(viewer.caller, "costs.anomalies.acknowledge", { id: first!.id }),
    );
    expect(error.code).toBe("forbidden");
  });
});

describe("costs.anomalies.groups and acknowledgeMany", () => {
  type Group = OperationOutput<"costs.anomalies.groups">[number];
  it("gives the spike once, headed by the service its tags point to, and acknowledges it whole", async () => {
    const groups = (await rt.as(viewer.caller, "costs.anomalies.groups", {})) as Group[];
    const event = groups.find((g) => g.key === "AWS Lambda");
    expect(event).toMatchObject({
      dimension: "ServiceName",
      firstDay: SPIKE_DAY,
      lastDay: SPIKE_DAY,
      severity: "high",
    });
    expect(event!.rootCause[0]).toMatchObject({ dimension: "ResourceId", name: "fn-etl" });
    expect(event!.related.map((r) => `${r.dimension}=${r.key}`)).toContain("tag:client=globex");
    // Every anomaly of the run is in exactly one event.
    const all = await list();
    expect(groups.flatMap((g) => g.anomalies.map((a) => a.id)).sort()).toEqual(
      all.map((a) => a.id).sort(),
    );
    const open = event!.anomalies.filter((a) => a.status === "open").map((a) => a.id);
    const refused = await refusal(() =>
      rt.as(viewer.caller, "costs.anomalies.acknowledgeMany", { ids: open }),
    );
    expect(refused.code).toBe("forbidden");
    const done = await rt.as(owner.caller, "costs.anomalies.acknowledgeMany", {
      ids: [...open, ...open],
      note: "the ETL backfill",
    });
    expect(done).toEqual({ acknowledged: open.length });
    // Twenty a call: the audit entry then names every one.
    const tooMany = await refusal(() =>
      rt.as(owner.caller, "costs.anomalies.acknowledgeMany", {
        ids: Array.from({ length: 21 }, () => open[0]),
      }),
    );
    expect(tooMany.code).toBe("invalid_input");
    const after = (await rt.as(owner.caller, "costs.anomalies.groups", {
      status: "acknowledged",
    })) as Group[];
    expect(after.map((g) => g.id)).toContain(event!.id);
    expect(
      (await rt.as(owner.caller, "costs.anomalies.groups", { status: "open" })) as Group[],
    ).not.toContainEqual(expect.objectContaining({ id: event!.id }));
  });
});

describe("costs.anomalies.get", () => {
  it("charts 30 days before the anomaly and the days after, with the expected band", async () => {
    const lambda = (await list()).find((a) => a.key === "AWS Lambda")!;
    const detail = (await rt.as(owner.caller, "costs.anomalies.get", {
      id: lambda.id,
    })) as OperationOutput<"costs.anomalies.get">;
    expect(detail.series[0]!.date).toBe(dayFromToday(-36));
    expect(detail.series.at(-1)!.date).toBe(dayFromToday(-1));
    const spike = detail.series.find((d) => d.date === SPIKE_DAY)!;
    expect(spike).toMatchObject({ actual: lambda.actual, expected: lambda.expected });
    expect(Number(spike.actual)).toBeGreaterThan(Number(spike.upper));
    const quiet = detail.series.filter((d) => d.date !== SPIKE_DAY);
    for (const day of quiet) {
      expect(Number(day.actual)).toBeGreaterThanOrEqual(Number(day.lower));
      expect(Number(day.actual)).toBeLessThanOrEqual(Number(day.upper));
    }
  });
});

describe("costs.anomalies.get: whose cost it is", () => {
  it("names the client the allocation rules give the anomaly's cost, or its cause, to", async () => {
    const client = async (name: string, allocationKey: string) =>
      (await rt.as(owner.caller, "clients.create", { name, allocationKey, currency: "USD" })) as {
        id: string;
      };
    const acme = await client("Acme", "acme");
    const globex = await client("Globex", "globex");
    await rt.as(owner.caller, "projects.create", {
      key: "ACW",
      name: "Acme web",
      clientId: acme.id,
    });
    await rt.as(owner.caller, "projects.create", {
      key: "GLE",
      name: "Globex ETL",
      clientId: globex.id,
    });
    // Globex's cost straight to the client; Acme's to one of its projects, which counts as Acme's.
    await rt.as(owner.caller, "costs.allocation.rules.create", {
      name: "Globex",
      match: { tags: { client: ["globex"] } },
      targets: [{ kind: "client", key: "globex", percent: "100" }],
    });
    await rt.as(owner.caller, "costs.allocation.rules.create", {
      name: "Acme",
      match: { tags: { client: ["acme"] } },
      targets: [{ kind: "project", key: "ACW", percent: "100" }],
    });
    const anomalies = await list();
    const get = async (id: string) =>
      (await rt.as(owner.caller, "costs.anomalies.get", {
        id,
      })) as OperationOutput<"costs.anomalies.get">;
    const etl = anomalies.find((a) => a.key === "globex" || a.key === "arn:lambda:fn-etl");
    expect(etl).toBeDefined();
    expect((await get(etl!.id)).client).toEqual({ id: globex.id, name: "Globex" });
    // The day's Lambda cost is Globex's and Acme's, but Globex's function drove the change.
    const lambda = anomalies.find((a) => a.key === "AWS Lambda")!;
    expect((await get(lambda.id)).client).toEqual({ id: globex.id, name: "Globex" });
    const day = { workspaceId: owner.workspaceId, currency: "USD", from: SPIKE_DAY };
    const mixed = await clientOfCost(rt.database.db, {
      ...day,
      to: dayFromToday(-5),
      filters: { ServiceName: ["AWS Lambda"] },
    });
    expect(mixed).toBeNull();
    // A project's share counts as its client's.
    const acmeOnly = await clientOfCost(rt.database.db, {
      ...day,
      to: dayFromToday(-5),
      filters: { ResourceId: ["arn:lambda:fn-api"] },
    });
    expect(acmeOnly).toMatchObject({ id: acme.id, name: "Acme" });
  });
});

describe("validation", () => {
  it("refuses unknown ids, reversed ranges and unknown fields with clear errors", async () => {
    const missing = await refusal(() =>
      rt.as(owner.caller, "costs.anomalies.get", { id: "00000000-0000-4000-8000-000000000000" }),
    );
    expect(missing).toMatchObject({ code: "not_found", message: "Anomaly not found" });
    const reversed = await refusal(() => list({ from: dayFromToday(-1), to: dayFromToday(-10) }));
    expect(reversed).toMatchObject({ code: "invalid_input", message: "to: must be after from" });
    const [first] = await list();
    const extra = await refusal(() =>
      rt.as(owner.caller, "costs.anomalies.acknowledge", { id: first!.id, reopen: true }),
    );
    expect(extra.code).toBe("invalid_input");
    const badSeverity = await refusal(() => list({ severity: "critical" }));
    expect(badSeverity.details.field).toBe("severity");
  });
});

describe("a restated bill", () => {
  const steady = RESOURCES.map(({ spikes: _, ...resource }) => resource);
  const spikeDay = async () => (await list()).filter((a) => a.day === SPIKE_DAY);

  it("marks the acknowledged anomalies it took away, keeping the numbers they were found with", async () => {
    const before = await spikeDay();
    expect(before.length).toBeGreaterThan(0);
    expect(before.every((a) => a.status === "acknowledged" && a.restatedAt === null)).toBe(true);
    await rt.as({ ...owner.caller, upload: focusBill(steady, { days: 70 }) }, "costs.import", {});
    await detect();
    const after = await spikeDay();
    expect(after.map((a) => a.id).sort()).toEqual(before.map((a) => a.id).sort());
    for (const anomaly of after) {
      const was = before.find((a) => a.id === anomaly.id)!;
      expect(anomaly).toMatchObject({ status: "acknowledged", actual: was.actual });
      expect(anomaly.restatedAt).not.toBeNull();
    }
    const groups = (await rt.as(owner.caller, "costs.anomalies.groups", {})) as {
      lastDay: string;
      restated: boolean;
    }[];
    expect(groups.find((g) => g.lastDay === SPIKE_DAY)?.restated).toBe(true);
  });

  it("clears the mark when the cost comes back", async () => {
    await rt.as(
      { ...owner.caller, upload: focusBill(RESOURCES, { days: 70 }) },
      "costs.import",
      {},
    );
    await detect();
    const back = await spikeDay();
    expect(back.find((a) => a.key === "AWS Lambda")).toMatchObject({ restatedAt: null });
    expect(back.every((a) => a.restatedAt === null)).toBe(true);
  });
});
