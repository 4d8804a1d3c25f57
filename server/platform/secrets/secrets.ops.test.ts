import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { refusal } from "../../../test/support/callers.ts";
import {
  addMember,
  createOwner,
  createTestRuntime,
  type TestRuntime,
} from "../../../test/support/runtime.ts";
import { secrets } from "./secrets.schema.ts";

let rt: TestRuntime;
beforeAll(async () => {
  rt = await createTestRuntime();
});
afterAll(async () => {
  await rt?.close();
});

const STRIPE_KEY = "sk_live_51HxQfakeButLongEnoughValue9876";

describe("secrets", () => {
  it("secrets.set answers with a masked form, never the value, and the vault can decrypt it", async () => {
    const owner = await createOwner(rt, "vault-owner@example.com", "Vault Co");
    const saved = await rt.as(owner.caller, "secrets.set", {
      name: "stripe-live",
      value: STRIPE_KEY,
      description: "Billing",
    });

    expect(saved).toMatchObject({
      name: "stripe-live",
      description: "Billing",
      masked: "••••9876",
    });
    expect(JSON.stringify(saved)).not.toContain(STRIPE_KEY);
    expect(await rt.services.secrets.reveal(rt.database.db, owner.workspaceId, "stripe-live")).toBe(
      STRIPE_KEY,
    );
  });

  it("secrets.list shows names and masks to everyone allowed to see them, never values", async () => {
    const owner = await createOwner(rt, "lister@example.com", "Listing Co");
    const member = await addMember(rt, owner.workspaceId, "lister.member@example.com", "member");
    await rt.as(owner.caller, "secrets.set", { name: "smtp-password", value: STRIPE_KEY });
    await rt.as(owner.caller, "secrets.set", { name: "pin", value: "4321" });

    for (const caller of [owner.caller, member.caller]) {
      const listed = (await rt.as(caller, "secrets.list")) as { name: string; masked: string }[];
      expect(listed.map((s) => [s.name, s.masked])).toEqual([
        ["pin", "••••"],
        ["smtp-password", "••••9876"],
      ]);
      expect(JSON.stringify(listed)).not.toContain(STRIPE_KEY);
      // A short value is not hinted at all: four characters would give it away.
      expect(JSON.stringify(listed)).not.toContain("4321");
    }
  });

  it("stores only ciphertext", async () => {
    const owner = await createOwner(rt, "at-rest@example.com", "At Rest");
    const saved = (await rt.as(owner.caller, "secrets.set", {
      name: "aws",
      value: STRIPE_KEY,
    })) as { id: string };
    const [row] = await rt.database.db.select().from(secrets).where(eq(secrets.id, saved.id));
    expect(row!.ciphertext).toMatch(/^v1\./);
    expect(JSON.stringify(row)).not.toContain(STRIPE_KEY);
    expect(JSON.stringify(row)).not.toContain("51HxQ");
  });

  it("replaces a secret by name, keeping one entry", async () => {
    const owner = await createOwner(rt, "replacer@example.com", "Replacing Co");
    const first = (await rt.as(owner.caller, "secrets.set", {
      name: "github",
      value: "ghp_firstvalue000000000001",
    })) as { id: string };
    const second = (await rt.as(owner.caller, "secrets.set", {
      name: "github",
      value: "ghp_secondvalue00000000002",
    })) as { id: string; masked: string };

    expect(second.id).toBe(first.id);
    expect(second.masked).toBe("••••0002");
    expect(await rt.as(owner.caller, "secrets.list")).toHaveLength(1);
    expect(await rt.services.secrets.reveal(rt.database.db, owner.workspaceId, "github")).toBe(
      "ghp_secondvalue00000000002",
    );
  });

  it("keeps each workspace's secret of the same name apart", async () => {
    const a = await createOwner(rt, "apart-a@example.com", "Apart A");
    const b = await createOwner(rt, "apart-b@example.com", "Apart B");
    await rt.as(a.caller, "secrets.set", { name: "db-url", value: "postgres://a-secret-value" });
    await rt.as(b.caller, "secrets.set", { name: "db-url", value: "postgres://b-secret-value" });
    expect(await rt.services.secrets.reveal(rt.database.db, a.workspaceId, "db-url")).toBe(
      "postgres://a-secret-value",
    );
    expect(await rt.services.secrets.reveal(rt.database.db, b.workspaceId, "db-url")).toBe(
      "postgres://b-secret-value",
    );
  });

  it("deletes a secret so it can no longer be revealed", async () => {
    const owner = await createOwner(rt, "deleter@example.com", "Deleting Co");
    const saved = (await rt.as(owner.caller, "secrets.set", {
      name: "old-key",
      value: STRIPE_KEY,
    })) as { id: string };
    await rt.as(owner.caller, "secrets.delete", { secretId: saved.id });
    expect(await rt.as(owner.caller, "secrets.list")).toEqual([]);
    await expect(
      rt.services.secrets.reveal(rt.database.db, owner.workspaceId, "old-key"),
    ).rejects.toMatchObject({ code: "not_found" });
  });

  it("only admins set secrets; viewers and client guests do not even see the names", async () => {
    const owner = await createOwner(rt, "gate@example.com", "Gate");
    const member = await addMember(rt, owner.workspaceId, "gate.member@example.com", "member");
    const viewer = await addMember(rt, owner.workspaceId, "gate.viewer@example.com", "viewer");
    const error = await refusal(
      rt.as(member.caller, "secrets.set", { name: "sneaky", value: "member-planted-value" }),
    );
    expect(error.code).toBe("forbidden");
    expect((await refusal(rt.as(viewer.caller, "secrets.list"))).code).toBe("forbidden");
  });

  it("refuses a name with spaces or slashes, naming the field", async () => {
    const owner = await createOwner(rt, "names@example.com", "Names");
    for (const name of ["has space", "../escape", "", "-leading-dash"]) {
      const error = await refusal(rt.as(owner.caller, "secrets.set", { name, value: "x" }));
      expect(error.details.field, name).toBe("name");
    }
  });
});
