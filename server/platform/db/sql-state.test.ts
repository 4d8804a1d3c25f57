import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestRuntime, type TestRuntime } from "../../../test/support/runtime.ts";
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
