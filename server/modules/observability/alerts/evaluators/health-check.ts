import { z } from "zod";
import { invalid } from "../../../../platform/errors.ts";
import { listChecks } from "../../uptime/checks.service.ts";
import type { AlertEvaluator } from "../evaluators.ts";

const params = z.strictObject({
  checkIds: z
    .array(z.uuid())
    .max(500)
    .default([])
    .describe("Checks watched; empty watches every check of the workspace"),
});

/** Fires for each watched check that is down (enabled checks only). */
export const healthCheckEvaluator: AlertEvaluator<typeof params> = {
  kind: "health_check_failing",
  title: "Health check failing",
  params,
  async validate({ checkIds }, { db, workspaceId, ruleEnabled }) {
    const known = new Set((await listChecks(db, workspaceId)).map((c) => c.id));
    const missing = checkIds.find((id) => !known.has(id));
    // A rule whose checks were all deleted is turned off still naming them (forgetHealthCheck):
    // emptied, it would watch every check once turned on again.
    if (missing && ruleEnabled)
      throw invalid(
        "params.checkIds",
        `no health check ${missing} in this workspace (deleted?): name the checks this rule ` +
          "watches, or none to watch every check",
      );
  },
  async evaluate({ checkIds }, { db, workspaceId }) {
    const watched = new Set(checkIds);
    return (await listChecks(db, workspaceId))
      .filter(
        (c) => c.isEnabled && c.status === "down" && (watched.size === 0 || watched.has(c.id)),
      )
      .map((c) => ({
        key: c.id,
        // No error text: the summary titles incidents, which the public status page shows, and
        // errors name internal hosts. The error stays on the check's own page.
        summary: `${c.name} is down`,
        labels: {
          checkId: c.id,
          check: c.name,
          kind: c.kind,
          ...(c.service ? { service: c.service } : {}),
        },
        groupKey: c.service ? `service:${c.service}` : `check:${c.id}`,
      }));
  },
};
