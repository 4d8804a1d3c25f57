import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createOwner,
  createTestRuntime,
  type TestRuntime,
} from "../../../../test/support/runtime.ts";
import { insertLogLines } from "./log-store.ts";
import { base, DAY, line, type Page } from "./logs.testing.ts";
import { matchesAttributes } from "./tail-filter.ts";

/** Attribute filters of logs.search and logs.histogram, and the live tail's same reading. */

const LINES = [
  { message: "GET /cart", attributes: { "http.status_code": 500, route: "/cart" } },
  { message: "GET /cart", attributes: { "http.status_code": 200, route: "/cart" } },
  { message: "GET /pay", attributes: { http: { status_code: 500 }, route: "/pay" } },
  { message: "GET /pay", attributes: { "http.status_code": "500", tenant: "acme" } },
  { message: "no attributes", attributes: {} },
];

let rt: TestRuntime;
let owner: Awaited<ReturnType<typeof createOwner>>;

beforeAll(async () => {
  rt = await createTestRuntime();
  owner = await createOwner(rt, "attributes@example.com", "Attributes");
  await insertLogLines(
    rt.database.db,
    LINES.map((l, i) => line(owner.workspaceId, i, l.message, { attributes: l.attributes })),
  );
});
afterAll(async () => {
  await rt?.close();
});

const period = {
  from: new Date(base - 60_000).toISOString(),
  to: new Date(base + DAY).toISOString(),
};
describe("an attribute filter", () => {
  it("finds the lines with that value, as text, flat or nested, with the other filters", async () => {
    const count = async (attributes: Record<string, string>, q?: string) =>
      (
        (await rt.as(owner.caller, "logs.search", {
          ...period,
          attributes,
          ...(q ? { q } : {}),
          limit: 100,
        })) as Page
      ).total;
    expect(await count({ "http.status_code": "500" })).toBe(3); // number, nested, string
    expect(await count({ "http.status_code": "500", route: "/cart" })).toBe(1);
    expect(await count({ "http.status_code": "500" }, "pay")).toBe(2);
    expect(await count({ tenant: "globex" })).toBe(0);
    const histogram = (await rt.as(owner.caller, "logs.histogram", {
      ...period,
      attributes: { route: "/pay" },
    })) as { buckets: Array<{ count: number }> };
    expect(histogram.buckets.reduce((sum, b) => sum + b.count, 0)).toBe(1);
  });

  it("is read the same by the live tail", () => {
    const hits = LINES.filter((l) =>
      matchesAttributes(l.attributes, { "http.status_code": "500" }),
    );
    expect(hits).toHaveLength(3);
    expect(matchesAttributes({ a: { b: true } }, { "a.b": "true" })).toBe(true);
    expect(matchesAttributes({}, { a: "" })).toBe(false);
  });

  it("refuses more than five attributes, naming the field", async () => {
    const six = Object.fromEntries(Array.from({ length: 6 }, (_, i) => [`k${i}`, "v"]));
    await expect(
      rt.as(owner.caller, "logs.search", { ...period, attributes: six, limit: 10 }),
    ).rejects.toMatchObject({ code: "invalid_input" });
  });
});
