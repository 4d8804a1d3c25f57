// The public status page: what anyone may see without signing in, and nothing more.
import { describe, expect, it } from "vitest";
import { refusal } from "../../../../test/support/callers.ts";
import type { OperationOutput } from "../../../adapters/client.ts";
import { setupAlertsTest } from "../alerts/alerts.testing.ts";

const kit = setupAlertsTest("status@example.com", "Status");
const { call, evaluate } = kit;

type Check = OperationOutput<"health.checks.create">;

describe("the public status page", () => {
  it("titles incidents by the published checks only, and survives a published check's deletion", async () => {
    const down = (name: string) =>
      call("health.checks.create", {
        kind: "tcp",
        name,
        target: "127.0.0.1:1",
        service: "billing",
      }) as Promise<Check>;
    const shown = await down("Billing API");
    const internal = await down("admin panel 10.0.3.7 (internal)");
    for (const c of [internal, shown]) await call("health.checks.run", { id: c.id });
    const rule = (await call("alerts.rules.create", {
      name: "Internal rule name",
      kind: "health_check_failing",
      params: { checkIds: [internal.id, shown.id] },
      forSeconds: 0,
    })) as { id: string };
    await evaluate();
    const publish = (isEnabled: boolean, checkIds: string[]) =>
      call("health.statusPage.update", {
        isEnabled,
        slug: "billing-status",
        title: "Billing",
        checkIds,
      });
    await publish(true, [shown.id]);
    const view = () =>
      kit.rt.as({ actor: { type: "anonymous" } }, "health.statusPage.view", {
        slug: "billing-status",
      }) as Promise<OperationOutput<"health.statusPage.view">>;
    const page = await view();
    // One incident groups both checks (same service); it names only the published one.
    expect(page.incidents.map((i) => i.title)).toEqual(["Disruption: Billing API"]);
    expect(JSON.stringify(page)).not.toMatch(/internal|Internal rule name/);

    // A published check deleted: off the page's list, and the page can still be withdrawn.
    await call("health.checks.delete", { id: shown.id });
    const settings = (await call(
      "health.settings.get",
      {},
    )) as OperationOutput<"health.settings.get">;
    expect(settings.statusPage.checkIds).toEqual([]);
    await publish(false, settings.statusPage.checkIds);
    expect((await refusal(view)).code).toBe("not_found");
    await call("alerts.rules.delete", { id: rule.id });
    await call("health.checks.delete", { id: internal.id });
  });
});
