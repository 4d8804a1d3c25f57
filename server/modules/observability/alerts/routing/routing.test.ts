// Routing rules: which person or destination a firing alert's incident goes to.
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  addMember,
  createOwner,
  createTestRuntime,
  type TestRuntime,
} from "../../../../../test/support/runtime.ts";
import { AppError } from "../../../../platform/errors.ts";
import { jobs } from "../../../../platform/jobs/jobs.schema.ts";
import type { Caller } from "../../../../platform/operations/execute.ts";
import { fireAlert } from "../../../ai/triage/triage.testkit.ts";
import { resources } from "../../../inventory/inventory.schema.ts";
import { matchesRoute, type RoutingRule, selectRoutes } from "./routing.service.ts";

let rt: TestRuntime;
let owner: Caller;
let workspaceId: string;
let ana: { caller: Caller; userId: string };
let member: Caller;
let destinationId: string;

beforeAll(async () => {
  rt = await createTestRuntime();
  const o = await createOwner(rt, "routing-owner@example.com", "Routing");
  owner = o.caller;
  workspaceId = o.workspaceId;
  ana = await addMember(rt, workspaceId, "ana@example.com", "member");
  member = ana.caller;
  destinationId = (
    (await rt.as(owner, "alerts.destinations.create", {
      name: "Ops chat",
      url: "http://127.0.0.1:9/hook",
    })) as { id: string }
  ).id;
}, 60_000);
afterAll(async () => {
  await rt?.close();
});

async function refusal(run: () => Promise<unknown>): Promise<AppError> {
  try {
    await run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("the call succeeded");
}

const rule = (over: Partial<RoutingRule>): RoutingRule => ({
  id: over.name ?? "r",
  workspaceId: "w",
  name: "r",
  position: 1,
  isEnabled: true,
  match: {},
  assigneeUserId: null,
  destinationIds: [],
  continueMatching: false,
  createdAt: new Date(),
  updatedAt: new Date(),
  ...over,
});

describe("matching", () => {
  const subject = {
    labels: { service: "api", env: "prod" },
    severity: "critical",
    resource: { provider: "aws", tags: { team: "payments" } },
  };
  it("needs every condition: labels, service, severity, provider and tag", () => {
    expect(matchesRoute({ service: "api", severities: ["critical"] }, subject)).toBe(true);
    expect(matchesRoute({ labels: { env: "staging" } }, subject)).toBe(false);
    expect(
      matchesRoute({ provider: "aws", tag: { key: "team", value: "payments" } }, subject),
    ).toBe(true);
    expect(matchesRoute({ tag: { key: "owner" } }, subject)).toBe(false);
    expect(matchesRoute({ provider: "gcp" }, subject)).toBe(false);
    expect(matchesRoute({ severities: ["info", "warning"] }, subject)).toBe(false);
    expect(matchesRoute({ provider: "aws" }, { ...subject, resource: null })).toBe(false);
  });
  it("takes the first match, unless a matching rule continues", () => {
    const rules = [
      rule({ name: "off", isEnabled: false }),
      rule({ name: "api", match: { service: "api" } }),
      rule({ name: "all" }),
    ];
    expect(selectRoutes(rules, subject).map((r) => r.name)).toEqual(["api"]);
    rules[1]!.continueMatching = true;
    expect(selectRoutes(rules, subject).map((r) => r.name)).toEqual(["api", "all"]);
  });
});

describe("routing by the alert's resource", () => {
  it("matches the provider and a tag of the resource the alert's labels name", async () => {
    const now = new Date();
    const [resource] = await rt.database.db
      .insert(resources)
      .values({
        workspaceId,
        provider: "aws",
        account: "123456789012",
        region: "eu-west-1",
        scope: "ec2@eu-west-1",
        type: "compute.vm",
        nativeType: "AWS::EC2::Instance",
        nativeId: "i-route",
        name: "pay-1",
        tags: { team: "payments" },
        firstSeenAt: now,
        lastSeenAt: now,
      })
      .returning();
    await rt.as(owner, "alerts.routing.create", {
      name: "Payments team's AWS",
      match: { provider: "aws", tag: { key: "team", value: "payments" } },
      assigneeUserId: ana.userId,
    });
    const incident = await fireAlert(rt, owner, workspaceId, {
      rule: "Payments CPU",
      service: "payments",
      resourceId: resource!.id,
    });
    expect(incident.assigneeUserId).toBe(ana.userId);
    const untagged = await fireAlert(rt, owner, workspaceId, { rule: "Other", service: "other" });
    expect(untagged.assigneeUserId).toBeNull();
  });
});

describe("routing a firing alert", () => {
  let apiRule: { id: string };
  beforeAll(async () => {
    apiRule = (await rt.as(owner, "alerts.routing.create", {
      name: "API to Ana",
      match: { service: "api", severities: ["critical"] },
      assigneeUserId: ana.userId,
    })) as { id: string };
    await rt.as(owner, "alerts.routing.create", {
      name: "Everything else to the ops chat",
      match: {},
      destinationIds: [destinationId],
    });
  });

  it("assigns the incident to the first matching rule's person and notifies only them", async () => {
    const incident = await fireAlert(rt, owner, workspaceId, { rule: "API 5xx", service: "api" });
    expect(incident.assigneeUserId).toBe(ana.userId);
    const detail = (await rt.as(owner, "incidents.get", { id: incident.id })) as {
      timeline: { kind: string; body: string }[];
    };
    expect(detail.timeline.map((e) => e.kind)).toContain("assigned");
    expect(detail.timeline.find((e) => e.kind === "assigned")?.body).toMatch(
      /by rule "API to Ana"/,
    );
    const mine = (await rt.as(member, "notifications.list", {})) as {
      items: { kind: string; link: string }[];
    };
    expect(mine.items.find((n) => n.kind === "incident.assigned")?.link).toBe(
      `/health/incidents/${incident.id}`,
    );
    const ownerNotes = (await rt.as(owner, "notifications.list", {})) as {
      items: { kind: string }[];
    };
    expect(ownerNotes.items.some((n) => n.kind === "incident.assigned")).toBe(false);
    // First match wins: the catch-all destination was not sent this one.
    expect(await deliveriesTo(destinationId)).toBe(0);
  });

  it("sends other alerts to the catch-all rule's destination, and to both with continueMatching", async () => {
    const other = await fireAlert(rt, owner, workspaceId, { rule: "Batch", service: "batch" });
    expect(other.assigneeUserId).toBeNull();
    expect(await deliveriesTo(destinationId)).toBe(1);
    await rt.as(owner, "alerts.routing.update", { id: apiRule.id, continueMatching: true });
    const both = await fireAlert(rt, owner, workspaceId, { rule: "API 2", service: "api" });
    expect(both.assigneeUserId).toBe(ana.userId);
    expect(await deliveriesTo(destinationId)).toBe(2);
    const dry = (await rt.as(owner, "alerts.routing.test", {
      labels: { service: "api" },
      severity: "critical",
    })) as { ruleIds: string[] };
    expect(dry.ruleIds).toHaveLength(2);
  });

  it("is admin-managed, names bad targets and keeps to its workspace", async () => {
    expect(
      (
        await refusal(() =>
          rt.as(member, "alerts.routing.create", {
            name: "x",
            match: {},
            destinationIds: [destinationId],
          }),
        )
      ).code,
    ).toBe("forbidden");
    const nobody = await refusal(() =>
      rt.as(owner, "alerts.routing.create", { name: "x", match: {} }),
    );
    expect(nobody.details.field).toBe("assigneeUserId");
    const stranger = await createOwner(rt, "routing-stranger@example.com", "Elsewhere");
    const foreign = await refusal(() =>
      rt.as(owner, "alerts.routing.create", {
        name: "x",
        match: {},
        assigneeUserId: stranger.userId,
      }),
    );
    expect(foreign.message).toMatch(/not a staff member/);
    const viewer = await addMember(rt, workspaceId, "routing-viewer@example.com", "viewer");
    const cannotAct = await refusal(() =>
      rt.as(owner, "alerts.routing.create", {
        name: "x",
        match: {},
        assigneeUserId: viewer.userId,
      }),
    );
    expect(cannotAct.message).toMatch(/viewer role, which cannot acknowledge or resolve/);
    const notFound = await refusal(() =>
      rt.as(stranger.caller, "alerts.routing.delete", { id: apiRule.id }),
    );
    expect(notFound.code).toBe("not_found");
    const unknownField = await refusal(() =>
      rt.as(owner, "alerts.routing.create", {
        name: "x",
        match: { colour: "red" },
        destinationIds: [destinationId],
      }),
    );
    expect(unknownField.code).toBe("invalid_input");
  });
});

describe("deleting a destination", () => {
  it("takes it out of the alert and routing rules that named it, which stay editable", async () => {
    const doomed = (await rt.as(owner, "alerts.destinations.create", {
      name: "Old pager",
      url: "http://127.0.0.1:9/old",
    })) as { id: string };
    const alertRule = (await rt.as(owner, "alerts.rules.create", {
      name: "Disk nearly full",
      kind: "metric_threshold",
      params: { metric: "disk_used_ratio", comparator: ">", threshold: 0.9 },
      destinationIds: [destinationId, doomed.id],
    })) as { id: string };
    const onlyThere = (await rt.as(owner, "alerts.routing.create", {
      name: "Pager only",
      match: { service: "pager" },
      destinationIds: [doomed.id],
    })) as { id: string };
    const withAna = (await rt.as(owner, "alerts.routing.create", {
      name: "Pager and Ana",
      match: { service: "pager" },
      assigneeUserId: ana.userId,
      destinationIds: [doomed.id],
    })) as { id: string };
    await rt.as(owner, "alerts.destinations.delete", { id: doomed.id });
    // Never reachable: refused when added, not failing at every delivery.
    const metadata = await refusal(() =>
      rt.as(owner, "alerts.destinations.create", {
        name: "Metadata",
        url: "http://2852039166/latest",
      }),
    );
    expect(metadata.message).toMatch(/^url: .*169\.254\.169\.254/);

    // Turning the rule off used to fail: "names a destination this workspace does not have".
    const updated = (await rt.as(owner, "alerts.rules.update", {
      id: alertRule.id,
      isEnabled: false,
    })) as { destinationIds: string[]; isEnabled: boolean };
    expect(updated).toMatchObject({ destinationIds: [destinationId], isEnabled: false });
    const routes = (await rt.as(owner, "alerts.routing.list", {})) as {
      id: string;
      isEnabled: boolean;
      destinationIds: string[];
    }[];
    // Left routing nowhere, turned off; still assigning Ana, kept on.
    expect(routes.find((r) => r.id === onlyThere.id)).toMatchObject({
      isEnabled: false,
      destinationIds: [],
    });
    expect(routes.find((r) => r.id === withAna.id)).toMatchObject({
      isEnabled: true,
      destinationIds: [],
    });
    await rt.as(owner, "alerts.routing.update", { id: withAna.id, name: "Ana only" });
    for (const id of [onlyThere.id, withAna.id])
      await rt.as(owner, "alerts.routing.delete", { id });
    await rt.as(owner, "alerts.rules.delete", { id: alertRule.id });
  });
});

async function deliveriesTo(id: string) {
  const found = await rt.database.db
    .select({ id: jobs.id })
    .from(jobs)
    .where(and(eq(jobs.name, "alerts.deliver"), sql`${jobs.payload}->>'destinationId' = ${id}`));
  return found.length;
}
