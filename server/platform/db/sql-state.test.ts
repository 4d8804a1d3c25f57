import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestRuntime, type TestRuntime } from "../../../test/support/runtime.ts";
import { runIdempotentDdl } from "./ddl.ts";
import { isUniqueViolation, sqlStateOf } from "./sql-state.ts";

let rt: TestRuntime;
beforeAll(async () => {
  rt = await createTestRuntime();
});
afterAll(async () => {
  await rt?.close();
});

const failure = (statement: string) =>
  rt.database.db.execute(sql.raw(statement)).then(
    () => undefined,
    (error: unknown) => error,
  );

describe("sqlStateOf", () => {
  it("finds the SQLSTATE through drizzle's wrapping on this driver", async () => {
    await rt.database.db.execute(sql`CREATE TABLE sql_state_probe (id int PRIMARY KEY)`);
    expect(sqlStateOf(await failure("CREATE TABLE sql_state_probe (id int)"))).toBe("42P07");
    await rt.database.db.execute(sql`INSERT INTO sql_state_probe VALUES (1)`);
    const duplicate = await failure("INSERT INTO sql_state_probe VALUES (1)");
    expect(sqlStateOf(duplicate)).toBe("23505");
    expect(isUniqueViolation(duplicate)).toBe(true);
    expect(isUniqueViolation(await failure("CREATE TABLE sql_state_probe (id int)"))).toBe(false);
  });

  it("gives undefined for errors that are not the database's", () => {
    expect(sqlStateOf(new Error("plain"))).toBeUndefined();
    expect(sqlStateOf(Object.assign(new Error("fs"), { code: "ENOENT" }))).toBeUndefined();
    expect(sqlStateOf("not an error")).toBeUndefined();
  });
});

describe("runIdempotentDdl", () => {
  it("ignores what a racing twin of the statement leaves behind, and throws anything else", async () => {
    await runIdempotentDdl(rt.database.db, "CREATE TABLE ddl_probe (id int)");
    // Without IF NOT EXISTS the second run meets 42P07, as the loser of a race would.
    await runIdempotentDdl(rt.database.db, "CREATE TABLE ddl_probe (id int)");
    await runIdempotentDdl(rt.database.db, "CREATE INDEX ddl_probe_idx ON ddl_probe (id)");
    await runIdempotentDdl(rt.database.db, "CREATE INDEX ddl_probe_idx ON ddl_probe (id)");
    await runIdempotentDdl(rt.database.db, "DROP INDEX ddl_probe_idx");
    await runIdempotentDdl(rt.database.db, "DROP INDEX ddl_probe_idx");
    await expect(
      runIdempotentDdl(rt.database.db, "CREATE TABLE ddl_probe_bad (id no_such_type)"),
    ).rejects.toThrow(/no_such_type/);
    await expect(
      runIdempotentDdl(rt.database.db, "ALTER TABLE ddl_probe ADD COLUMN"),
    ).rejects.toThrow();
  });
});
