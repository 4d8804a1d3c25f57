import { statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createOwner,
  createTestRuntime,
  type TestRuntime,
} from "../../../../test/support/runtime.ts";
import { arrayLiteral } from "../../../platform/db/array-param.ts";
import { rowsOf } from "../../../platform/db/copy.ts";
import { AppError } from "../../../platform/errors.ts";
import type { Caller } from "../../../platform/operations/execute.ts";
import { focusFileDir as dir, focusFile } from "./focus-file.testing.ts";
import { ROLLUP_TABLES } from "./importer.ts";

let rt: TestRuntime;
let owner: Caller;
let ownerWorkspace: string;

beforeAll(async () => {
  rt = await createTestRuntime();
  const created = await createOwner(rt, "costs@example.com", "Costs");
  owner = created.caller;
  ownerWorkspace = created.workspaceId;
});
afterAll(async () => {
  await rt?.close();
});

type Imported = {
  id: string;
  rows: number;
  replacedRows: number;
  periods: { billedCost: string; effectiveCost: string }[];
};
const importFile = (upload: ReturnType<typeof focusFile>) =>
  rt.as({ ...owner, upload }, "costs.import", {}) as Promise<Imported>;

async function ledgerCount(): Promise<number> {
  const result = await rt.database.db.execute(sql`SELECT count(*)::int AS n FROM cost_line_items`);
  return rowsOf<{ n: number }>(result)[0]!.n;
}

async function statusOf(importId: string): Promise<string | undefined> {
  const list = (await rt.as(owner, "costs.imports.list", {})) as { id: string; status: string }[];
  return list.find((i) => i.id === importId)?.status;
}

/**
 * "account month total" of a workspace, from the ledger; the test fails unless every roll-up
 * says the same (every line these tests import carries a tag, so cost_daily_tag holds them all).
 */
async function totalsByPair(workspaceId: string, accounts: string[]): Promise<string[]> {
  const answers = await Promise.all(
    ["cost_line_items", ...ROLLUP_TABLES].map(async (table) => {
      const result = await rt.database.db.execute(sql`
        SELECT billing_account_id || ' ' || to_char(billing_period_start AT TIME ZONE 'UTC', 'YYYY-MM')
          || ' ' || trim_scale(sum(billed_cost))::text AS line
        FROM ${sql.raw(table)}
        WHERE workspace_id = ${workspaceId} AND billing_account_id = ANY(${arrayLiteral(accounts)}::text[])
        GROUP BY billing_account_id, billing_period_start ORDER BY 1`);
      return rowsOf<{ line: string }>(result).map((r) => r.line);
    }),
  );
  for (const answer of answers) expect(answer).toEqual(answers[0]);
  return answers[0]!;
}

async function refusal(run: () => Promise<unknown>): Promise<AppError> {
  try {
    await run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("the import was accepted");
}

describe("costs.import", () => {
  it("imports a FOCUS file and reports its period totals exactly", async () => {
    const result = await importFile(
      focusFile([
        { day: "2024-09-01", billed: "10.10", effective: "9.00" },
        { day: "2024-09-02", billed: "0.000001", effective: "0.000001", service: "Amazon S3" },
        { day: "2024-09-02", billed: "-1.5", effective: "-1.5" },
      ]),
    );
    expect(result.rows).toBe(3);
    expect(result.periods).toHaveLength(1);
    expect(result.periods[0]).toMatchObject({ billedCost: "8.600001", effectiveCost: "7.500001" });
  });

  it("replaces a restated period instead of adding to it", async () => {
    const before = await ledgerCount();
    const first = await importFile(
      focusFile([{ account: "222", day: "2024-09-03", billed: "100" }]),
    );
    const restated = await importFile(
      focusFile([
        { account: "222", day: "2024-09-03", billed: "60" },
        { account: "222", day: "2024-09-04", billed: "45.5" },
      ]),
    );
    expect(restated.replacedRows).toBe(1);
    expect(await ledgerCount()).toBe(before + 2);
    const summary = (await rt.as(owner, "costs.summary", {
      from: "2024-09-01",
      to: "2024-10-01",
      filters: { BillingAccountId: ["222"] },
    })) as { total: string };
    expect(summary.total).toBe("105.5");
    const list = (await rt.as(owner, "costs.imports.list", {})) as { id: string; status: string }[];
    expect(list.find((i) => i.id === first.id)?.status).toBe("replaced");
    expect(list.find((i) => i.id === restated.id)?.status).toBe("imported");
  });

  it("adds the parts of one export named alongside, and a later delivery replaces them all", async () => {
    const part = (billed: string, day: string) =>
      focusFile([{ account: "223", day: `2024-09-${day}`, billed }]);
    const totalOf223 = async () =>
      (
        (await rt.as(owner, "costs.summary", {
          from: "2024-09-01",
          to: "2024-10-01",
          filters: { BillingAccountId: ["223"] },
        })) as { total: string }
      ).total;
    const one = await importFile(part("10", "01"));
    const two = (await rt.as({ ...owner, upload: part("20", "02") }, "costs.import", {
      alongside: [one.id],
    })) as Imported;
    const three = (await rt.as({ ...owner, upload: part("30", "03") }, "costs.import", {
      alongside: [one.id, two.id],
    })) as Imported;
    expect([two.replacedRows, three.replacedRows]).toEqual([0, 0]);
    expect(await totalOf223()).toBe("60");
    // The next delivery of the month (one part here) replaces all three parts.
    const next = await importFile(part("55", "04"));
    expect(next.replacedRows).toBe(3);
    expect(await totalOf223()).toBe("55");
    expect(await Promise.all([one, two, three].map((i) => statusOf(i.id)))).toEqual([
      "replaced",
      "replaced",
      "replaced",
    ]);
    await expect(
      rt.as({ ...owner, upload: part("1", "05") }, "costs.import", { alongside: ["nope"] }),
    ).rejects.toMatchObject({ code: "invalid_input" });
  });

  it("replaces only the restated account and period pairs, in this workspace only", async () => {
    const other = await createOwner(rt, "costs-other@example.com", "Other costs");
    const tags = { client: "acme" };
    const first = await importFile(
      focusFile([
        { account: "555", day: "2024-09-05", billed: "10", tags },
        { account: "556", day: "2024-09-05", billed: "20", tags },
        { account: "555", month: "2024-08", day: "2024-08-20", billed: "7", tags },
      ]),
    );
    const upload = focusFile([{ account: "555", day: "2024-09-05", billed: "1000", tags }]);
    await rt.as({ ...other.caller, upload }, "costs.import", {});
    const restated = await importFile(
      focusFile([{ account: "555", day: "2024-09-06", billed: "11", tags }]),
    );
    expect(restated.replacedRows).toBe(1);
    expect(await statusOf(first.id)).toBe("partly-replaced");
    expect(await totalsByPair(ownerWorkspace, ["555", "556"])).toEqual([
      "555 2024-08 7",
      "555 2024-09 11",
      "556 2024-09 20",
    ]);
    expect(await totalsByPair(other.workspaceId, ["555"])).toEqual(["555 2024-09 1000"]);

    const last = await importFile(
      focusFile([
        { account: "556", day: "2024-09-07", billed: "2", tags },
        { account: "555", month: "2024-08", day: "2024-08-21", billed: "3.25", tags },
      ]),
    );
    expect(last.replacedRows).toBe(2);
    expect(await statusOf(first.id)).toBe("replaced");
    expect(await statusOf(restated.id)).toBe("imported");
    expect(await totalsByPair(ownerWorkspace, ["555", "556"])).toEqual([
      "555 2024-08 3.25",
      "555 2024-09 11",
      "556 2024-09 2",
    ]);
    expect(await totalsByPair(other.workspaceId, ["555"])).toEqual(["555 2024-09 1000"]);
  });

  // Google cuts its invoice month at 07:00Z (Pacific), a FOCUS export at 00:00Z, a month in
  // UTC+2 at 22:00Z the day before: one account's month, three instants, counted once.
  it("replaces the same account's month however its start was cut", async () => {
    const fixture = path.resolve("test/fixtures/billing/gcp-billing-export.jsonl");
    const gcp = "01A2B3-C4D5E6-F7A8B9";
    const native = await importFile({
      path: fixture,
      name: "gcp-billing-export.jsonl",
      bytes: statSync(fixture).size,
    });
    const focus = await importFile(focusFile([{ account: gcp, day: "2024-09-05", billed: "11" }]));
    // September replaced (21 lines); October, not in the FOCUS file, stays.
    expect(focus.replacedRows).toBe(21);
    expect(await statusOf(native.id)).toBe("partly-replaced");
    const plusTwo = path.join(dir, "utc-plus-two.csv");
    writeFileSync(
      plusTwo,
      "BillingAccountId,BillingPeriodStart,ChargePeriodStart,ChargePeriodEnd,BilledCost,BillingCurrency\n" +
        `${gcp},2024-08-31T22:00:00Z,2024-09-06T00:00:00Z,2024-09-07T00:00:00Z,12,USD\n`,
    );
    const later = await importFile({
      path: plusTwo,
      name: "utc-plus-two.csv",
      bytes: statSync(plusTwo).size,
    });
    expect(later.replacedRows).toBe(1);
    const september = (await rt.as(owner, "costs.summary", {
      from: "2024-09-01",
      to: "2024-10-01",
      filters: { BillingAccountId: [gcp] },
    })) as { total: string };
    expect(september.total).toBe("12");
  });

  it("two imports of one account and period at once keep one of them, never both", async () => {
    const [a, b] = await Promise.all([
      importFile(
        focusFile([{ account: "777", day: "2024-09-08", billed: "5", tags: { client: "acme" } }]),
      ),
      importFile(
        focusFile([{ account: "777", day: "2024-09-09", billed: "8", tags: { client: "acme" } }]),
      ),
    ]);
    expect([["777 2024-09 5"], ["777 2024-09 8"]]).toContainEqual(
      await totalsByPair(ownerWorkspace, ["777"]),
    );
    expect([await statusOf(a.id), await statusOf(b.id)].sort()).toEqual(["imported", "replaced"]);
  });

  it("refuses a malformed file naming file, row and column, and keeps nothing of it", async () => {
    const before = await ledgerCount();
    const imports = ((await rt.as(owner, "costs.imports.list", {})) as unknown[]).length;
    const error = await refusal(() =>
      importFile(
        focusFile(
          [
            { account: "333", day: "2024-09-05", billed: "1" },
            { account: "333", day: "2024-09-05", billed: "2" },
            { account: "333", day: "2024-09-05", billed: "12,50" },
          ],
          "broken.csv",
        ),
      ),
    );
    expect(error.code).toBe("invalid_input");
    expect(error.message).toMatch(/^broken\.csv: data row 3/);
    expect(error.details).toMatchObject({ file: "broken.csv", row: 3 });
    expect(await ledgerCount()).toBe(before);
    expect(((await rt.as(owner, "costs.imports.list", {})) as unknown[]).length).toBe(imports);
  });

  it("refuses a bad value in a named column", async () => {
    const error = await refusal(() =>
      importFile(focusFile([{ day: "2024-09-05", billed: "abc" }], "bad-cost.csv")),
    );
    expect(error.message).toBe(
      'bad-cost.csv: data row 1, column BilledCost: "abc" is not a number',
    );
    expect(error.details.column).toBe("BilledCost");
  });

  // A row without its billing period or account would escape replacement: a re-export of the
  // month would be added on top of it instead of replacing it.
  it("refuses rows without a billing period, account, cost or (when costing) currency, naming the column", async () => {
    const before = await ledgerCount();
    const write = (name: string, header: string, ...rows: string[]) => {
      const filePath = path.join(dir, name);
      writeFileSync(filePath, `${[header, ...rows].join("\n")}\n`);
      return { path: filePath, name, bytes: statSync(filePath).size };
    };
    const noPeriod = await refusal(() =>
      importFile(
        write(
          "no-period.csv",
          "BillingAccountId,ChargePeriodStart,ChargePeriodEnd,BilledCost,BillingCurrency",
          "444,2024-09-05T00:00:00Z,2024-09-06T00:00:00Z,5,USD",
        ),
      ),
    );
    expect(noPeriod.message).toMatch(
      /^no-period\.csv: data row 1, column BillingPeriodStart: is required/,
    );
    const noAccount = await refusal(() =>
      importFile(
        write(
          "no-account.csv",
          "billing_account_id,billing_period_start,charge_period_start,charge_period_end,billed_cost,billing_currency",
          ",2024-09-01T00:00:00Z,2024-09-05T00:00:00Z,2024-09-06T00:00:00Z,5,USD",
        ),
      ),
    );
    expect(noAccount.message).toMatch(
      /^no-account\.csv: data row 1, column billing_account_id: is required/,
    );
    const header =
      "BillingAccountId,BillingPeriodStart,ChargePeriodStart,ChargePeriodEnd,BilledCost,BillingCurrency";
    // A blank cost or a costing row without a currency would vanish from every total.
    const noCost = await refusal(() =>
      importFile(
        write(
          "no-cost.csv",
          header,
          "444,2024-09-01T00:00:00Z,2024-09-05T00:00:00Z,2024-09-06T00:00:00Z,,USD",
        ),
      ),
    );
    expect(noCost.message).toMatch(/^no-cost\.csv: data row 1, column BilledCost: is empty/);
    const noCurrency = await refusal(() =>
      importFile(
        write(
          "no-currency.csv",
          header,
          "444,2024-09-01T00:00:00Z,2024-09-05T00:00:00Z,2024-09-06T00:00:00Z,4.63,",
        ),
      ),
    );
    expect(noCurrency.message).toBe(
      "no-currency.csv: data row 1, column BillingCurrency: is empty on a row that costs 4.63",
    );
    // Tags past what any cloud allows: each would become roll-up rows and filter choices.
    const line = "444,2024-09-01T00:00:00Z,2024-09-05T00:00:00Z,2024-09-06T00:00:00Z,1,USD";
    const tagged = (tags: Record<string, string>) =>
      `${line},"${JSON.stringify(tags).replaceAll('"', '""')}"`;
    const manyTags = Object.fromEntries(Array.from({ length: 1001 }, (_, i) => [`k${i}`, "v"]));
    const tooMany = await refusal(() =>
      importFile(write("many-tags.csv", `${header},Tags`, tagged({ a: "b" }), tagged(manyTags))),
    );
    expect(tooMany.message).toBe(
      "many-tags.csv: data row 2, column Tags: has 1001 tags; a row may have 1000",
    );
    const longValue = await refusal(() =>
      importFile(write("long-tag.csv", `${header},Tags`, tagged({ note: "x".repeat(5000) }))),
    );
    expect(longValue.message).toBe(
      'long-tag.csv: data row 1, column Tags: the value of "note" is 5000 characters long; at most 4096',
    );
    expect(await ledgerCount()).toBe(before);
  });

  it("refuses a file that is not a billing export", async () => {
    const filePath = path.join(dir, "people.csv");
    writeFileSync(filePath, "name,email\nAda,ada@example.com\n");
    const error = await refusal(() =>
      importFile({ path: filePath, name: "people.csv", bytes: statSync(filePath).size }),
    );
    expect(error.message).toMatch(
      /^people\.csv: not a billing export Glass Pane reads .*columns begin name, email/,
    );
  });

  it("needs a file", async () => {
    const error = await refusal(() => rt.as(owner, "costs.import", {}));
    expect(error.message).toMatch(/needs a file/);
  });
});
