import { afterEach, describe, expect, it } from "vitest";
import { createOwner, createTestRuntime, type TestRuntime } from "../../../test/support/runtime.ts";
import { createSecretsService } from "./secrets.service.ts";
import { loadVaultKey } from "./vault.ts";

const OLD_KEY = "old-key-old-key-old-key-old-key-0001";
const NEW_KEY = "new-key-new-key-new-key-new-key-0002";

describe("secret key rotation", () => {
  let runtimes: TestRuntime[] = [];
  afterEach(async () => {
    for (const rt of runtimes) await rt.close().catch(() => {});
    runtimes = [];
  });

  it("re-encrypts every secret under the new key, after which the old key is not needed", async () => {
    const before = await createTestRuntime({ GLASSPANE_SECRET_KEY: OLD_KEY });
    runtimes.push(before);
    const owner = await createOwner(before, "rotate@example.com", "Rotation");
    await before.as(owner.caller, "secrets.set", {
      name: "do-token",
      value: "dop_v1_abcdefghijklmnop",
    });

    // Same database, new key with the old one still accepted: what an operator restarts with.
    const services = before.services;
    const rotating = createSecretsService({
      key: loadVaultKey(NEW_KEY, before.dataDir),
      previousKeys: [loadVaultKey(OLD_KEY, before.dataDir)],
    });
    expect(await rotating.rotate(before.database.db)).toBe(1);
    expect(await rotating.rotate(before.database.db)).toBe(0);

    const onlyNew = createSecretsService({ key: loadVaultKey(NEW_KEY, before.dataDir) });
    expect(await onlyNew.reveal(before.database.db, owner.workspaceId, "do-token")).toBe(
      "dop_v1_abcdefghijklmnop",
    );
    await expect(
      services.secrets.reveal(before.database.db, owner.workspaceId, "do-token"),
    ).rejects.toThrow(/not loaded/);
  });

  it("is instance administration: the local CLI runs it, a workspace owner cannot", async () => {
    const rt = await createTestRuntime();
    runtimes.push(rt);
    const owner = await createOwner(rt, "owner-rotate@example.com", "Rotation 2");
    await expect(rt.as(owner.caller, "secrets.rotateKey")).rejects.toMatchObject({
      code: "forbidden",
    });
    await expect(rt.as(rt.system, "secrets.rotateKey")).resolves.toEqual({ reencrypted: 0 });
  });
});
