import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createOwner,
  createTestRuntime,
  type TestRuntime,
} from "../../../../test/support/runtime.ts";
import { attributesJson, insertLogLines } from "./log-store.ts";
import { base, DAY, line, type Page } from "./logs.testing.ts";
import { matchesAttributes } from "./tail-filter.ts";

/** Attribute filters of logs.search and logs.histogram, and the live tail's same reading. */

const LINES = [
  { message: "GET /cart", attributes: { "http.status_code": 500, route: "/cart" } },
  { message: "GET /cart", attributes: { "http.status_code": 200, route: "/cart" } },
  { message: "GET /pay", attributes: { http: { status_code: 500 }, route: "/pay" } },
  { message: "GET /pay", attributes: { "http.status_code": "500", tenant: "acme" } },
  { message: "no attributes", attributes: {} },
  {
    message: "sshd accepted",
    attributes: { "syslog.sd": { "origin@1": { ip: "10.0.0.7", sw: "9.6" } } },
  },
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

  it("reads a dotted key into a flat key's nested value, as syslog structured data is kept", async () => {
    for (const [key, value] of [
      ["syslog.sd.origin@1.ip", "10.0.0.7"],
      ["syslog.sd.origin@1.sw", "9.6"],
    ] as const) {
      const found = (await rt.as(owner.caller, "logs.search", {
        ...period,
        attributes: { [key]: value },
        limit: 10,
      })) as Page;
      expect(
        found.items.map((i) => i.message),
        key,
      ).toEqual(["sshd accepted"]);
      expect(matchesAttributes(LINES.at(-1)!.attributes, { [key]: value })).toBe(true);
    }
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

describe("attributes jsonb would refuse", () => {
  it("are stored cleaned and bounded, the line kept and found", async () => {
    const trace = `java.lang.IllegalStateException\n${"\tat com.example.Handler.run(Handler.java:42)\n".repeat(2000)}`;
    const odd = [
      { message: "stack one", attributes: { "exception.stacktrace": trace, status: 500 } },
      { message: "nul one", attributes: { note: "a\u0000b", "k\u0000ey": "v" } },
      { message: "surrogate one", attributes: { s: "a\ud800b", t: "x\udc00", ok: "😀" } },
      { message: `long one ${"word ".repeat(20_000)}`, attributes: { kept: "yes" } },
      {
        message: "huge one",
        attributes: Object.fromEntries(
          Array.from({ length: 40 }, (_, i) => [`k${i}`, "v".repeat(3000)]),
        ),
      },
    ];
    expect(
      await insertLogLines(
        rt.database.db,
        odd.map((l, i) =>
          line(owner.workspaceId, 100 + i, l.message, { attributes: l.attributes }),
        ),
      ),
    ).toBeUndefined();
    const found = (await rt.as(owner.caller, "logs.search", {
      ...period,
      q: "one",
      limit: 10,
    })) as { items: { message: string; attributes: Record<string, unknown> }[] };
    const byMessage = new Map(found.items.map((i) => [i.message, i.attributes]));
    const long = found.items.find((i) => i.message.startsWith("long one"))!;
    expect(long.message).toHaveLength(65_536);
    expect(long.attributes).toEqual({ kept: "yes", "glasspane.message_chars": 100_009 });
    byMessage.delete(long.message);
    expect([...byMessage.keys()].sort()).toEqual([
      "huge one",
      "nul one",
      "stack one",
      "surrogate one",
    ]);
    expect(String(byMessage.get("stack one")!["exception.stacktrace"])).toMatch(
      /^java.lang.Illegal.*…$/s,
    );
    expect(byMessage.get("stack one")!.status).toBe(500);
    expect(byMessage.get("nul one")).toEqual({ note: "ab", key: "v" });
    expect(byMessage.get("surrogate one")).toEqual({ s: "a\ufffdb", t: "x\ufffd", ok: "😀" });
    const huge = byMessage.get("huge one")!;
    expect(huge["glasspane.truncated"]).toBe(true);
    expect(Object.keys(huge).length).toBeGreaterThan(10);
    expect(attributesJson(huge).length).toBeLessThanOrEqual(65_536);
  });
});
