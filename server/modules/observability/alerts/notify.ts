import { and, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../../../platform/db/database.ts";
import { createOutboundHttp, webhookHeaders } from "../../../platform/http/outbound.ts";
import type { Services } from "../../../platform/services.ts";
import { policyOf } from "../uptime/checks.service.ts";
import { isAddressRefused } from "../uptime/target-policy.ts";
import { alertDestinations } from "./alerts.schema.ts";

export const DELIVER_JOB = "alerts.deliver";
const WEBHOOK_TIMEOUT_MS = 10_000;

export interface AlertNotice {
  event: "alert.firing" | "alert.resolved";
  alert: {
    id: string;
    rule: string;
    severity: string;
    summary: string;
    labels: Record<string, string>;
    annotations: Record<string, string>;
    activeSince: string;
    firedAt: string | null;
    resolvedAt: string | null;
    incidentId: string | null;
  };
}

/** Tells people in the app and queues one signed delivery per webhook destination. */
export async function sendNotice(
  db: Db,
  services: Services,
  rule: { workspaceId: string; notifyInApp: boolean; destinationIds: string[] },
  notice: AlertNotice,
) {
  const { workspaceId } = rule;
  if (rule.notifyInApp) {
    const isFiring = notice.event === "alert.firing";
    await services.notifications.notify(db, {
      workspaceId,
      kind: notice.event,
      title: `${isFiring ? "Firing" : "Resolved"}: ${notice.alert.summary}`,
      body: `${notice.alert.rule} (${notice.alert.severity})`,
      link: notice.alert.incidentId
        ? `/health/incidents/${notice.alert.incidentId}`
        : "/health/alerts",
      data: { alertId: notice.alert.id },
    });
  }
  if (rule.destinationIds.length === 0) return;
  const targets = await db
    .select({ id: alertDestinations.id })
    .from(alertDestinations)
    .where(
      and(
        eq(alertDestinations.workspaceId, workspaceId),
        inArray(alertDestinations.id, rule.destinationIds),
      ),
    );
  for (const target of targets)
    await services.jobs.enqueue(
      db,
      DELIVER_JOB,
      { destinationId: target.id, body: JSON.stringify({ ...notice, workspaceId }) },
      { workspaceId, maxAttempts: DELIVERY_ATTEMPTS },
    );
}

/**
 * POSTs one notice, signed with the destination's secret (HMAC-SHA256 over `timestamp.body`,
 * headers x-glasspane-timestamp and x-glasspane-signature). A failure throws, so the job
 * retries with backoff. The URL obeys the workspace's target policy, like health checks.
 */
/** Tries a webhook gets, with the job queue's backoff between them. */
const DELIVERY_ATTEMPTS = 5;

export function registerDeliveryJob(db: Db, services: Services) {
  services.jobs.define({
    name: DELIVER_JOB,
    payload: z.object({ destinationId: z.uuid(), body: z.string() }),
    maxAttempts: DELIVERY_ATTEMPTS,
    timeoutMs: 60_000,
    handler: async ({ destinationId, body }, ctx) => {
      const workspaceId = ctx.workspaceId;
      if (!workspaceId) throw new Error("a delivery belongs to a workspace");
      const [destination] = await db
        .select()
        .from(alertDestinations)
        .where(
          and(
            eq(alertDestinations.id, destinationId),
            eq(alertDestinations.workspaceId, workspaceId),
          ),
        );
      // Deleted since: nothing to deliver to.
      if (!destination?.url || !destination.secretName) return { skipped: true };
      const secret = await services.secrets.reveal(db, workspaceId, destination.secretName);
      const policy = await policyOf(db, workspaceId, services.config.blockPrivateNetworks);
      const outbound = createOutboundHttp({
        blockPrivateNetworks: policy.instanceBlocksPrivate,
        refuseAddress: isAddressRefused(policy),
      });
      // Each attempt is recorded on the destination, so a failing webhook shows where it is
      // configured, not only on the Jobs page.
      const record = (error: string | null) =>
        db
          .update(alertDestinations)
          .set({ lastDeliveryAt: new Date(), lastDeliveryError: error })
          .where(eq(alertDestinations.id, destination.id));
      try {
        const response = await outbound.request(destination.url, {
          method: "POST",
          headers: { "content-type": "application/json", ...webhookHeaders(secret, body) },
          body,
          timeoutMs: WEBHOOK_TIMEOUT_MS,
          signal: ctx.signal,
        });
        if (response.status < 200 || response.status >= 300)
          throw new Error(`${destination.name} answered HTTP ${response.status}`);
        await record(null);
        return { status: response.status };
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        const retry = ctx.attempt < DELIVERY_ATTEMPTS ? "will retry" : "gave up";
        await record(
          `${message} (attempt ${ctx.attempt} of ${DELIVERY_ATTEMPTS}, ${retry})`.slice(0, 500),
        );
        throw error;
      }
    },
  });
}
