import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  addMember,
  createOwner,
  createTestRuntime,
  type TestRuntime,
} from "../../../../test/support/runtime.ts";
import type { OperationOutput } from "../../../adapters/client.ts";
import { AppError } from "../../../platform/errors.ts";
import type { Caller } from "../../../platform/operations/execute.ts";
import { importDailyCosts, monthToDate } from "./budgets.testkit.ts";

type Listed = OperationOutput<"budgets.list">;
type Detail = OperationOutput<"budgets.get">;
type Created = OperationOutput<"budgets.create">;

let rt: TestRuntime;
let owner: Caller;
let viewer: Caller;
const month = monthToDate();

beforeAll(async () => {
  rt = await createTestRuntime();
  const o = await createOwner(rt, "budgets@example.com", "Budgets");
  owner = o.caller;
  viewer = (await addMember(rt, o.workspaceId, "viewer@example.com", "viewer")).caller;
  await importDailyCosts(rt, owner, [
    { service: "Amazon EC2", daily: "10.00", tags: { env: "prod" } },
    { service: "Amazon S3", daily: "2.50", tags: { env: "dev" } },
  ]);
});
afterAll(async () => {
  await rt?.close();
});

const create = (input: Record<string, unknown>, caller = owner) =>
  rt.as(caller, "budgets.create", {
    name: "EC2",
    period: "monthly",
    amount: "100",
    currency: "USD",
    thresholds: [],
    ...input,
  }) as Promise<Created>;

async function refusal(run: () => Promise<unknown>): Promise<AppError> {
  try {
    await run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("the call succeeded");
}

describe("budget status", () => {
  it("reports spend to date and the forecast to the month's end, to the cent", async () => {
    // 10.00 a day on EC2: half the budget spent, whatever the day of the month.
    const amount = String(20 * month.dayOfMonth);
    const created = await create({
      name: "EC2 this month",
      amount,
      filters: { ServiceName: ["Amazon EC2"] },
      thresholds: [
        { percent: 50, basis: "actual" },
        { percent: 90, basis: "actual" },
        { percent: 40, basis: "forecast" },
      ],
    });
    const listed = (await rt.as(viewer, "budgets.list")) as Listed;
    const budget = listed.find((b) => b.id === created.id)!;
    expect(budget.status).toMatchObject({
      periodStart: month.start,
      periodEnd: month.end,
      dataThrough: month.today,
      actual: String(10 * month.dayOfMonth),
      forecast: `${10 * month.daysInMonth}.00`,
      percentUsed: 50,
    });
    expect(budget.status.forecastPercent).toBeCloseTo(
      (month.daysInMonth / month.dayOfMonth) * 50,
      1,
    );
    expect(budget.status.thresholds.map((t) => [t.percent, t.basis, t.crossed])).toEqual([
      [50, "actual", true],
      [90, "actual", false],
      [40, "forecast", true],
    ]);
    // The same scope asked of the explorer gives the same spend.
    const explorer = (await rt.as(owner, "costs.summary", {
      from: month.start,
      to: month.end,
      filters: { ServiceName: ["Amazon EC2"] },
    })) as { total: string };
    expect(explorer.total).toBe(budget.status.actual);
  });

  it("counts only the costs its tag filter selects", async () => {
    const created = await create({ name: "dev", filters: { tags: { env: ["dev"] } } });
    const detail = (await rt.as(owner, "budgets.get", { id: created.id })) as Detail;
    expect(detail.status.actual).toBe(String(2.5 * month.dayOfMonth));
    expect(detail.status.forecast).toBe((2.5 * month.daysInMonth).toFixed(2));
  });

  it("counts the costs without a tag key when its tag filter lists null", async () => {
    const created = await create({
      name: "untagged team",
      filters: { tags: { team: [null], env: ["dev", null] } },
    });
    const detail = (await rt.as(owner, "budgets.get", { id: created.id })) as Detail;
    expect(detail.status.actual).toBe(String(2.5 * month.dayOfMonth));
    expect(detail.filters).toEqual({ tags: { env: ["dev", null], team: [null] } });
  });

  it("measures a client's allocated share", async () => {
    // A rule gives 40 % of the prod EC2 costs to the client Acme: 4.00 a day.
    await rt.as(owner, "costs.allocation.rules.create", {
      name: "Acme's share of prod",
      match: { tags: { env: ["prod"] } },
      targets: [
        { kind: "client", key: "acme", percent: "40" },
        { kind: "project", key: "platform", percent: "60" },
      ],
    });
    const created = await create({
      name: "Acme",
      filters: { allocation: { kind: "client", key: "acme" } },
    });
    const detail = (await rt.as(owner, "budgets.get", { id: created.id })) as Detail;
    expect(Number(detail.status.actual)).toBe(4 * month.dayOfMonth);
    expect(detail.status.forecast).toBe((4 * month.daysInMonth).toFixed(2));
    const listed = (await rt.as(owner, "budgets.list")) as Listed;
    expect(listed.find((b) => b.id === created.id)?.filters).toEqual({
      allocation: { kind: "client", key: "acme" },
    });
  });

  it("counts a client's projects in the client's budget, as its invoice bills them", async () => {
    const acme = (await rt.as(owner, "clients.create", {
      name: "Acme",
      allocationKey: "acme",
      currency: "USD",
    })) as { id: string };
    await rt.as(owner, "projects.create", { key: "WEB", name: "Acme Web", clientId: acme.id });
    // All of dev (2.50 a day) to Acme's project; 40 % of prod (4.00 a day) stays Acme's own.
    await rt.as(owner, "costs.allocation.rules.create", {
      name: "Dev is Acme Web",
      match: { tags: { env: ["dev"] } },
      targets: [{ kind: "project", key: "WEB", percent: "100" }],
    });
    const created = await create({
      name: "Acme with projects",
      filters: { allocation: { kind: "client", key: "acme" } },
    });
    const detail = (await rt.as(owner, "budgets.get", { id: created.id })) as Detail;
    expect(Number(detail.status.actual)).toBe(6.5 * month.dayOfMonth);
    expect(detail.status.forecast).toBe((6.5 * month.daysInMonth).toFixed(2));
  });

  it("draws a daily burn-down: cumulative actual, even pace, forecast to the end", async () => {
    const created = await create({
      name: "burn",
      amount: "1000",
      filters: { ServiceName: ["Amazon EC2"] },
    });
    const { burnDown } = (await rt.as(owner, "budgets.get", { id: created.id })) as Detail;
    expect(burnDown.dates).toHaveLength(month.daysInMonth);
    expect(burnDown.dates[0]).toBe(month.start);
    expect(burnDown.actual[0]).toBe("10.00");
    expect(burnDown.actual[month.dayOfMonth - 1]).toBe(`${10 * month.dayOfMonth}.00`);
    expect(burnDown.actual[month.dayOfMonth] ?? null).toBeNull();
    expect(burnDown.forecast[month.dayOfMonth - 1]).toBe(`${10 * month.dayOfMonth}.00`);
    expect(burnDown.forecast.at(-1)).toBe(`${10 * month.daysInMonth}.00`);
    expect(burnDown.pace.at(-1)).toBe("1000.00");
  });
});

describe("webhook secrets", () => {
  it("returns the signing secret once, at creation, and never after", async () => {
    const created = await create({
      name: "hooked",
      webhookUrl: "https://hooks.example.com/glasspane",
      thresholds: [{ percent: 80, basis: "actual" }],
    });
    const secret = created.webhookSecret!;
    expect(secret).toMatch(/^gpwh_[A-Za-z0-9_-]{40,}$/);
    const outputs = [
      await rt.as(owner, "budgets.list"),
      await rt.as(owner, "budgets.get", { id: created.id }),
      await rt.as(owner, "budgets.update", { id: created.id, name: "hooked, renamed" }),
      await rt.as(owner, "budgets.update", { id: created.id, amount: "150" }),
      await rt.as(owner, "secrets.list"),
      await rt.as(owner, "audit.list", {}),
    ];
    for (const output of outputs) expect(JSON.stringify(output)).not.toContain(secret);
    // The URL's path may itself be a credential: only its origin is shown back.
    for (const output of outputs.slice(0, 4))
      expect(JSON.stringify(output)).not.toContain("/glasspane");
    expect((outputs[1] as { webhookUrl: string }).webhookUrl).toBe("https://hooks.example.com/…");
    const [masked] = (outputs[4] as { name: string; masked: string }[]).filter(
      (s) => s.name === `budget-webhook:${created.id}`,
    );
    expect(masked?.masked).toMatch(/^•+/);
  });

  it("issues a new secret when rotated and removes it with the webhook", async () => {
    const created = await create({ name: "rotate", webhookUrl: "https://hooks.example.com/a" });
    const rotated = (await rt.as(owner, "budgets.update", {
      id: created.id,
      rotateWebhookSecret: true,
    })) as Created;
    expect(rotated.webhookSecret).toMatch(/^gpwh_/);
    expect(rotated.webhookSecret).not.toBe(created.webhookSecret);
    const removed = (await rt.as(owner, "budgets.update", {
      id: created.id,
      webhookUrl: null,
    })) as Created;
    expect(removed).toMatchObject({ webhookUrl: null, webhookSecret: null });
    const names = ((await rt.as(owner, "secrets.list")) as { name: string }[]).map((s) => s.name);
    expect(names).not.toContain(`budget-webhook:${created.id}`);
  });

  it("deletes the secret with the budget", async () => {
    const created = await create({ name: "gone", webhookUrl: "https://hooks.example.com/b" });
    await rt.as(owner, "budgets.delete", { id: created.id });
    const names = ((await rt.as(owner, "secrets.list")) as { name: string }[]).map((s) => s.name);
    expect(names).not.toContain(`budget-webhook:${created.id}`);
    expect((await refusal(() => rt.as(owner, "budgets.get", { id: created.id }))).code).toBe(
      "not_found",
    );
  });
});

describe("validation", () => {
  it.each([
    [{ amount: "-5" }, "amount"],
    [{ amount: "0" }, "amount"],
    [{ amount: "12,50" }, "amount"],
    [{ currency: "usd" }, "currency"],
    [{ period: "weekly" }, "period"],
    [{ thresholds: [{ percent: 0, basis: "actual" }] }, "thresholds.0.percent"],
    [{ thresholds: [{ percent: 80, basis: "budget" }] }, "thresholds.0.basis"],
    [
      {
        thresholds: [
          { percent: 80, basis: "actual" },
          { percent: 80, basis: "actual" },
        ],
      },
      "thresholds.1.percent",
    ],
    [{ webhookUrl: "ftp://example.com/hook" }, "webhookUrl"],
    [{ filters: { Nope: ["x"] } }, "filters.Nope"],
    [{ colour: "red" }, "colour"],
  ])("%j is refused naming %s", async (input, field) => {
    const error = await refusal(() => create(input));
    expect(error.code).toBe("invalid_input");
    expect(error.details.field).toBe(field);
    expect(error.message.startsWith(`${field}: `)).toBe(true);
  });

  it("says an empty name must not be empty, in words, not the validator's", async () => {
    const error = await refusal(() => create({ name: "  " }));
    expect(error.message).toBe("name: must not be empty");
  });

  it("refuses a currency code ISO 4217 does not know, at creation and on update", async () => {
    const error = await refusal(() => create({ currency: "XYZ" }));
    expect(error.details.field).toBe("currency");
    expect(error.message).toBe("currency: is not an ISO 4217 currency code");
    const created = await create({ name: "Typo later" });
    const update = await refusal(() =>
      rt.as(owner, "budgets.update", { id: created.id, currency: "UDS" }),
    );
    expect(update.details.field).toBe("currency");
  });

  it("says when the ledger has no cost in the budget's currency for its filters", async () => {
    const euros = await create({ name: "In euros", currency: "EUR" });
    const detail = (await rt.as(owner, "budgets.get", { id: euros.id })) as Detail;
    expect(detail.status).toMatchObject({ actual: "0", hasCostsInCurrency: false });
    // Dollars that no filter matches are no costs of this budget either.
    const nothing = await create({ name: "No such service", filters: { ServiceName: ["Nope"] } });
    const none = (await rt.as(owner, "budgets.get", { id: nothing.id })) as Detail;
    expect(none.status.hasCostsInCurrency).toBe(false);
    const dollars = await create({ name: "Dollars", filters: { ServiceName: ["Amazon S3"] } });
    const listed = (await rt.as(owner, "budgets.list")) as Listed;
    const found = listed.find((b) => b.id === dollars.id);
    expect(found?.status.hasCostsInCurrency).toBe(true);
  });

  it("refuses a viewer's budget", async () => {
    expect((await refusal(() => create({}, viewer))).code).toBe("forbidden");
  });
});
