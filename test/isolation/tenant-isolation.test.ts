// Generated tenant-isolation test: every operation in the registry, present and future, is
// probed by the roles that lack its permission and by a caller from another workspace. A new
// operation is covered the moment it is added to server/registry.ts.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "../../server/platform/errors.ts";
import type { Operation } from "../../server/platform/operations/define.ts";
import type { Caller } from "../../server/platform/operations/execute.ts";
import {
  ROLES,
  type Role,
  roleHas,
  type WorkspacePermission,
} from "../../server/platform/operations/permissions.ts";
import { operations } from "../../server/registry.ts";
import {
  addMember,
  createOwner,
  createTestRuntime,
  sessionCaller,
  type TestRuntime,
} from "../support/runtime.ts";
import { sampleInput } from "../support/sample-input.ts";
import {
  idsOfWorkspace,
  sampleIdsOfWorkspace,
  snapshotDatabase,
  snapshotWorkspace,
} from "../support/snapshot.ts";

const all = operations as readonly Operation[];
const isWorkspaceOp = (op: Operation) => !["public", "user", "system"].includes(op.permission);

let rt: TestRuntime;
let tenantA: string;
let ownerB: Caller;
const callersA = new Map<Role, Caller>();
let idsA: string[] = [];
/** A few ids of every table of A (and the sessions): each kind of row is probed. */
let probeIdsA: string[] = [];

/**
 * The whole database as the last refused call left it. A refusal changes nothing, so each check
 * compares against the previous one's snapshot instead of taking its own "before" (half the
 * snapshots); anything that changes the database on purpose clears it.
 */
let databaseBefore: Record<string, string> | undefined;
async function expectDatabaseUnchanged(probe: () => Promise<void>) {
  const before = databaseBefore ?? (await snapshotDatabase(rt.database.db));
  databaseBefore = undefined;
  await probe();
  const after = await snapshotDatabase(rt.database.db);
  expect(after).toEqual(before);
  databaseBefore = after;
}

/** Tenant A's rows as the last probe from another workspace left them (the same idea). */
let tenantABefore: Record<string, string> | undefined;

async function refusal(run: () => Promise<unknown>): Promise<AppError> {
  try {
    await run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("the call was allowed");
}

beforeAll(async () => {
  rt = await createTestRuntime();
  const db = rt.database.db;
  const a = await createOwner(rt, "owner-a@example.com", "Tenant A seed");
  // Tenant A is a full demo workspace, so every module's seeded rows are probed too.
  tenantA = (await rt.services.demo.createDemoWorkspace(db, a.userId)).id;
  callersA.set("owner", await sessionCaller(rt, a.userId, tenantA));
  for (const role of ROLES.filter((r) => r !== "owner")) {
    callersA.set(role, (await addMember(rt, tenantA, `${role}-a@example.com`, role)).caller);
  }
  await rt.services.jobs.enqueue(db, "platform.pruneJobs", {}, { workspaceId: tenantA });
  await rt.services.jobs.schedule(db, {
    key: `probe:${tenantA}`,
    cron: "0 * * * *",
    jobName: "platform.pruneJobs",
    workspaceId: tenantA,
  });
  const b = await createOwner(rt, "owner-b@example.com", "Tenant B");
  ownerB = b.caller;
  const sessionIds = [...callersA.values()].map((c) =>
    c.actor.type === "user" ? c.actor.sessionId : "",
  );
  idsA = [...(await idsOfWorkspace(db, tenantA)), ...sessionIds].filter(
    (id) => id && id !== tenantA,
  );
  probeIdsA = [...(await sampleIdsOfWorkspace(db, tenantA)), ...sessionIds].filter(
    (id) => id && id !== tenantA,
  );
});

afterAll(async () => {
  await rt?.close();
});

describe("roles lacking the permission are refused and nothing changes", () => {
  for (const op of all.filter(isWorkspaceOp)) {
    const lacking = ROLES.filter((role) => !roleHas(role, op.permission as WorkspacePermission));
    if (lacking.length === 0) continue;
    it(`${op.name} (${op.permission}) refuses ${lacking.join(", ")}`, async () => {
      await expectDatabaseUnchanged(async () => {
        for (const role of lacking) {
          const error = await refusal(() =>
            rt.execute(op, sampleInput(op.input, idsA[0]!), callersA.get(role)!),
          );
          expect(error.code, `${role} calling ${op.name}`).toBe("forbidden");
        }
      });
    });
  }
});

describe("instance administration is refused to every workspace role", () => {
  for (const op of all.filter((o) => o.permission === "system")) {
    it(`${op.name} refuses owner through viewer`, async () => {
      await expectDatabaseUnchanged(async () => {
        for (const role of ROLES) {
          const error = await refusal(() =>
            rt.execute(op, sampleInput(op.input, idsA[0]!), callersA.get(role)!),
          );
          expect(error.code).toBe("forbidden");
        }
      });
    });
  }
});

describe("a caller from another workspace cannot reach tenant A", () => {
  for (const op of all.filter(isWorkspaceOp)) {
    it(`${op.name}: naming workspace A answers not found`, async () => {
      await expectDatabaseUnchanged(async () => {
        const error = await refusal(() =>
          rt.execute(op, sampleInput(op.input, idsA[0]!), { ...ownerB, workspaceId: tenantA }),
        );
        expect(error.code).toBe("not_found");
      });
    });
  }

  for (const op of all.filter((o) => o.permission !== "public" && o.permission !== "system")) {
    it(`${op.name}: A's ids used from workspace B neither leak nor change A`, async () => {
      const db = rt.database.db;
      // A fresh tenant B per operation: the probes may legitimately change B (rename, delete).
      const b = await createOwner(rt, `owner-b-${op.name}@example.com`, `Tenant B ${op.name}`);
      databaseBefore = undefined; // B is new, and its probes may change it
      const before = tenantABefore ?? (await snapshotWorkspace(db, tenantA));
      tenantABefore = undefined;
      // An input without an id field is the same call whatever the id: probe it once.
      const usesId =
        JSON.stringify(sampleInput(op.input, idsA[0]!)) !==
        JSON.stringify(sampleInput(op.input, idsA[1] ?? idsA[0]!));
      for (const id of usesId ? probeIdsA : idsA.slice(0, 1)) {
        let output: unknown;
        try {
          output = await rt.execute(op, sampleInput(op.input, id), b.caller);
        } catch (error) {
          if (!(error instanceof AppError)) throw error;
          continue;
        }
        const text = JSON.stringify(output ?? null);
        const found = idsA.filter((a) => text.includes(a));
        if (found.length === 0) continue;
        // Ids B may see in its own right (shared demo teammates) are not leaks.
        const visibleToB = await idsOfWorkspace(db, b.workspaceId);
        const leaked = found.filter((a) => !visibleToB.has(a));
        expect(leaked, `${op.name} with ${id} returned tenant A's ids`).toEqual([]);
      }
      const after = await snapshotWorkspace(db, tenantA);
      expect(after).toEqual(before);
      tenantABefore = after;
    });
  }
});
