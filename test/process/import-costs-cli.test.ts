// `glasspane import costs` on a month delivered in parts (AWS splits a large CUR into several
// files): without --parts each file replaces the one before, and the CLI says so; with --parts
// they add up.
import { copyFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { focusFile } from "../../server/modules/costs/import/focus-file.testing.ts";
import { freshDataDir, runCli } from "../support/process.ts";

const data = freshDataDir();
const env = { GLASSPANE_DATA_DIR: data.dir };

afterAll(() => data.remove());

/** A folder holding the month's two parts, one line each. */
function parts(folder: string): string {
  const dir = path.join(data.dir, folder);
  mkdirSync(dir, { recursive: true });
  for (const [name, billed, day] of [
    ["part-1.csv", "10", "2024-09-01"],
    ["part-2.csv", "32.5", "2024-09-02"],
  ] as const) {
    const file = focusFile([{ account: "123456789012", day, billed }], `${folder}-${name}`);
    copyFileSync(file.path, path.join(dir, name));
  }
  return dir;
}

describe("glasspane import costs, a month in parts", () => {
  it("adds the parts with --parts, and without it says the second replaced the first", async () => {
    const setup = await runCli(
      [
        "setup",
        "--email",
        "parts@example.com",
        "--password",
        "violet harbour ledger 9182",
        "--workspace-name",
        "Parts Co",
      ],
      env,
    );
    expect(setup.code).toBe(0);

    const alone = await runCli(["import", "costs", parts("alone")], env);
    expect(alone.code).toBe(0);
    expect(alone.stdout).toContain("replaced 1 rows of earlier imports");
    expect(alone.stdout).toContain("run again with --parts");

    const together = await runCli(["import", "costs", "--parts", parts("together")], env);
    expect(together.code).toBe(0);
    // The first part replaces the month imported above; the second adds to the first.
    expect(together.stdout.match(/replaced \d+ rows/g)).toEqual(["replaced 1 rows"]);
    expect(together.stdout).not.toContain("--parts");
    expect(together.stdout).toContain("BilledCost 10.00 USD");
    expect(together.stdout).toContain("BilledCost 32.50 USD");
  });
});
