// A self-hoster with a typo in their environment sees one line saying which variable is wrong,
// and the process exits non-zero (no stack trace, no half-started server).
import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { freshDataDir, runCli } from "../support/process.ts";

const scratch = freshDataDir();
afterAll(() => scratch.remove());

async function serveWith(env: Record<string, string>) {
  const result = await runCli(["serve"], {
    GLASSPANE_DATA_DIR: path.join(scratch.dir, "data"),
    PORT: "0",
    ...env,
  });
  return { ...result, lines: result.stderr.trimEnd().split("\n") };
}

describe("glasspane serve with bad configuration", () => {
  it("names DATABASE_URL when its scheme is not PostgreSQL", async () => {
    const result = await serveWith({ DATABASE_URL: "mysql://root@localhost/glasspane" });
    expect(result.code).not.toBe(0);
    expect(result.code).not.toBeNull();
    expect(result.lines).toHaveLength(1);
    expect(result.lines[0]).toMatch(/^glasspane: DATABASE_URL scheme "mysql" is not supported/);
  }, 120_000);

  it("names GLASSPANE_SECRET_KEY when it is too short", async () => {
    const result = await serveWith({ GLASSPANE_SECRET_KEY: "short" });
    expect(result.code).not.toBe(0);
    expect(result.lines).toHaveLength(1);
    expect(result.lines[0]).toMatch(
      /^glasspane: GLASSPANE_SECRET_KEY is too short \(5 characters\)/,
    );
  }, 120_000);

  it("names GLASSPANE_DATA_DIR when it points at a file", async () => {
    const file = path.join(scratch.dir, "not-a-dir");
    writeFileSync(file, "");
    const result = await serveWith({ GLASSPANE_DATA_DIR: file });
    expect(result.code).not.toBe(0);
    expect(result.lines).toHaveLength(1);
    expect(result.lines[0]).toMatch(/^glasspane: GLASSPANE_DATA_DIR ".*not-a-dir" cannot be used/);
  }, 120_000);

  it("names PORT when it is not a port", async () => {
    const result = await serveWith({ PORT: "eighty" });
    expect(result.code).not.toBe(0);
    expect(result.lines).toEqual([
      'glasspane: PORT must be a number between 0 and 65535, got "eighty"',
    ]);
  }, 120_000);
});
