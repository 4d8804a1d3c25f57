// A project may have its own pricing plan: it replaces the client's for the project's time and
// costs, is listed with the client, and can be dropped to fall back to the client's plan.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createOwner,
  createTestRuntime,
  type TestRuntime,
} from "../../../../test/support/runtime.ts";
import type { OperationOutput } from "../../../adapters/client.ts";
import { AppError } from "../../../platform/errors.ts";
import type { Caller } from "../../../platform/operations/execute.ts";
import { logTime, PERIOD, projectFor } from "../invoicing.testkit.ts";

type ClientDetail = OperationOutput<"clients.get">;

let rt: TestRuntime;
let owner: Caller;
let workspaceId: string;
let ownerId: string;

const call = <T>(caller: Caller, name: string, input: unknown) =>
  rt.as(caller, name as never, input as never) as Promise<T>;

beforeAll(async () => {
  rt = await createTestRuntime();
  const o = await createOwner(rt, "plans@example.com", "Plans Co");
  owner = o.caller;
  workspaceId = o.workspaceId;
  ownerId = o.userId;
});

afterAll(async () => {
  await rt?.close();
});

describe("a project's own pricing plan", () => {
  it("replaces the client's plan for that project's time, and can be dropped again", async () => {
    const client = await call<{ id: string }>(owner, "clients.create", {
      name: "Umbrella",
      currency: "EUR",
      defaultTaxRate: "0",
      pricing: { hourly: { defaultRate: "80" } },
    });
    const site = await projectFor(rt, workspaceId, client.id);
    const app = await projectFor(rt, workspaceId, client.id);
    for (const project of [site, app]) {
      await logTime(rt, {
        workspaceId,
        userId: ownerId,
        projectId: project.id,
        startedAt: "2024-09-10T09:00:00Z",
        seconds: 3_600,
      });
    }
    let detail = await call<ClientDetail>(owner, "clients.get", { id: client.id });
    expect(detail.projects.map((p) => [p.key, p.plan])).toEqual([
      [site.key, null],
      [app.key, null],
    ]);

    await call(owner, "clients.pricing.set", {
      clientId: client.id,
      projectId: app.id,
      plan: { hourly: { defaultRate: "150" }, retainer: null },
    });
    detail = await call<ClientDetail>(owner, "clients.get", { id: client.id });
    expect(detail.projects.find((p) => p.id === app.id)?.plan?.hourly?.defaultRate).toBe("150");
    expect(detail.pricing?.hourly?.defaultRate).toBe("80");

    const draft = await call<OperationOutput<"invoices.get">>(owner, "invoices.draft", {
      clientId: client.id,
      ...PERIOD,
    });
    expect(draft.lines.map((l) => [l.description, l.unitPrice])).toEqual([
      [`${site.name} — plans`, "80"],
      [`${app.name} — plans`, "150"],
    ]);
    await call(owner, "invoices.delete", { id: draft.id });

    const dropped = await call(owner, "clients.pricing.set", {
      clientId: client.id,
      projectId: app.id,
      plan: null,
    });
    expect(dropped).toBeNull();
    detail = await call<ClientDetail>(owner, "clients.get", { id: client.id });
    expect(detail.projects.every((p) => p.plan === null)).toBe(true);
    const again = await call<OperationOutput<"invoices.get">>(owner, "invoices.draft", {
      clientId: client.id,
      ...PERIOD,
    });
    expect(again.lines.map((l) => l.unitPrice)).toEqual(["80", "80"]);
  });

  it("cannot be dropped for the client itself, naming the field", async () => {
    const client = await call<{ id: string }>(owner, "clients.create", {
      name: "Cyberdyne",
      currency: "EUR",
    });
    const error = await call(owner, "clients.pricing.set", {
      clientId: client.id,
      plan: null,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: "invalid_input", details: { field: "plan" } });
  });
});
