import { PGlite } from "@electric-sql/pglite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkpointDue, checkpointIfDue, startCheckpoints } from "./pglite-checkpoints.ts";

const policy = { maxWalBytes: 1024 * 1024, maxAgeMs: 60_000 };

describe("when a checkpoint is due", () => {
  it("is after enough WAL, or after long enough with more than a checkpoint's own record", () => {
    expect(checkpointDue(2 * 1024 * 1024, 0, policy)).toBe(true);
    expect(checkpointDue(1000, 0, policy)).toBe(false);
    expect(checkpointDue(500 * 1024, 61_000, policy)).toBe(true);
    expect(checkpointDue(200, 3_600_000, policy)).toBe(false); // idle since the last one
  });
});

describe("checkpoints on PGlite", () => {
  let pglite: PGlite;
  const redo = async () =>
    (
      await pglite.query<{ redo: string }>(
        "SELECT redo_lsn::text AS redo FROM pg_control_checkpoint()",
      )
    ).rows[0]!.redo;
  /** About 3 MB of WAL. */
  const write = () =>
    pglite.exec(
      "INSERT INTO filler SELECT repeat(md5(g::text), 20) FROM generate_series(1, 4000) g",
    );

  beforeAll(async () => {
    pglite = await PGlite.create();
    await pglite.exec("CREATE TABLE filler (t text)");
  });
  afterAll(async () => {
    await pglite?.close();
  });

  it("never happen on their own in single-user PostgreSQL", async () => {
    const before = await redo();
    for (let i = 0; i < 3; i++) await write();
    expect(await redo()).toBe(before);
  });

  it("happen once enough WAL was written, and not again while idle", async () => {
    const before = await redo();
    await write();
    expect(await checkpointIfDue(pglite, policy)).toBe(true);
    const after = await redo();
    expect(after).not.toBe(before);
    expect(await checkpointIfDue(pglite, policy)).toBe(false);
    expect(await redo()).toBe(after);
  });

  it("are taken by the timer until it is stopped", async () => {
    const checkpoints = startCheckpoints(pglite, { ...policy, everyMs: 20 });
    const before = await redo();
    await write();
    const deadline = Date.now() + 10_000;
    while ((await redo()) === before && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 20));
    await checkpoints.stop();
    const after = await redo();
    expect(after).not.toBe(before);
    await write();
    await new Promise((r) => setTimeout(r, 100));
    expect(await redo()).toBe(after);
  });
});
