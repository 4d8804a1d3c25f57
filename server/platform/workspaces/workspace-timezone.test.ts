import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { refusal } from "../../../test/support/callers.ts";
import {
  addMember,
  createOwner,
  createTestRuntime,
  type TestRuntime,
} from "../../../test/support/runtime.ts";
import type { OperationOutput } from "../../adapters/client.ts";

type Session = OperationOutput<"auth.session">;
type Workspace = OperationOutput<"workspaces.get">;

let rt: TestRuntime;
beforeAll(async () => {
  rt = await createTestRuntime();
});
afterAll(async () => {
  await rt?.close();
});

describe("the workspace time zone", () => {
  it("starts as UTC and is set by an admin, spelled as IANA spells it", async () => {
    const owner = await createOwner(rt, "tz-owner@example.com", "Sydney Agency");
    const admin = await addMember(rt, owner.workspaceId, "tz-admin@example.com", "admin");
    expect(((await rt.as(owner.caller, "workspaces.get")) as Workspace).timezone).toBe("UTC");
    const updated = (await rt.as(admin.caller, "workspaces.update", {
      timezone: "australia/sydney",
    })) as Workspace;
    expect(updated.timezone).toBe("Australia/Sydney");
    const session = (await rt.as(owner.caller, "auth.session")) as Session;
    expect(session.workspaces.find((w) => w.id === owner.workspaceId)?.timezone).toBe(
      "Australia/Sydney",
    );
  });

  it("refuses an unknown zone naming the field, and changes nothing", async () => {
    const owner = await createOwner(rt, "tz-bad@example.com", "Nowhere Agency");
    const error = await refusal(
      rt.as(owner.caller, "workspaces.update", { name: "Renamed", timezone: "Mars/Olympus" }),
    );
    expect(error.code).toBe("invalid_input");
    expect(error.details.field).toBe("timezone");
    expect(error.message).toMatch(/Mars\/Olympus/);
    const workspace = (await rt.as(owner.caller, "workspaces.get")) as Workspace;
    expect(workspace).toMatchObject({ name: "Nowhere Agency", timezone: "UTC" });
  });

  it("is not a member's to change", async () => {
    const owner = await createOwner(rt, "tz-lead@example.com", "Members Agency");
    const member = await addMember(rt, owner.workspaceId, "tz-member@example.com", "member");
    const error = await refusal(
      rt.as(member.caller, "workspaces.update", { timezone: "Asia/Tokyo" }),
    );
    expect(error.code).toBe("forbidden");
  });
});
