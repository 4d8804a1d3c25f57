import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestRuntime, type TestRuntime } from "../../../test/support/runtime.ts";
import { arrayLiteral } from "./array-param.ts";
import { rowsOf } from "./copy.ts";

let rt: TestRuntime;
beforeAll(async () => {
  rt = await createTestRuntime();
});
afterAll(async () => {
  await rt?.close();
});

describe("arrayLiteral", () => {
  it("round-trips text with quotes, backslashes, commas, braces and spaces through unnest", async () => {
    const values = ['{"b":"x","a":"y"}', "back\\slash", "a,b", " {} ", "", "NULL", "日本"];
    const rows = rowsOf<{ v: string }>(
      await rt.database.db.execute(
        sql`SELECT v FROM unnest(${arrayLiteral(values)}::text[]) WITH ORDINALITY AS u(v, n) ORDER BY n`,
      ),
    );
    expect(rows.map((r) => r.v)).toEqual(values);
  });

  it("passes null as NULL and the text 'NULL' as text", async () => {
    const rows = rowsOf<{ v: string | null }>(
      await rt.database.db.execute(
        sql`SELECT v FROM unnest(${arrayLiteral([null, "NULL", "x"])}::text[]) WITH ORDINALITY AS u(v, n) ORDER BY n`,
      ),
    );
    expect(rows.map((r) => r.v)).toEqual([null, "NULL", "x"]);
  });

  it("keeps doubles exact, large and small", async () => {
    const values = [0, -1.5, 0.1 + 0.2, 1e300, -2.5e-300, Number.MAX_SAFE_INTEGER];
    const rows = rowsOf<{ v: number }>(
      await rt.database.db.execute(
        sql`SELECT v FROM unnest(${arrayLiteral(values)}::float8[]) WITH ORDINALITY AS u(v, n) ORDER BY n`,
      ),
    );
    expect(rows.map((r) => Number(r.v))).toEqual(values);
  });
});
