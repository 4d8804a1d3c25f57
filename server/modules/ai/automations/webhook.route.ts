// The inbound URL of webhook-triggered automations: POST /hooks/automations/<id>.
//
// Senders sign as Glass Pane signs its own outbound webhooks (platform/http/outbound.ts):
//   X-Glasspane-Timestamp: <Unix seconds>
//   X-Glasspane-Signature: v1=<hex HMAC-SHA256 of "<timestamp>.<raw body>" with the secret>
// The timestamp must be within five minutes, and each signature starts at most one run (a
// replay inside the window is answered but starts nothing). The JSON body (or the text, when
// it is not JSON) is what the steps see as trigger.body. It is data: templates may copy it
// into inputs, and mutating steps still wait for approval unless pre-approved.

import { eq } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import type { Db } from "../../../platform/db/database.ts";
import { AppError } from "../../../platform/errors.ts";
import {
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
  verifyWebhook,
} from "../../../platform/http/outbound.ts";
import type { Services } from "../../../platform/services.ts";
import { automations } from "./automations.schema.ts";
import type { Trigger } from "./automations.zod.ts";
import { startRun } from "./runs.service.ts";

const MAX_BODY_BYTES = 256 * 1024;
const TOLERANCE_SECONDS = 300;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** One answer for every failed check, so the URL does not tell which automations exist. */
const refused = () =>
  new AppError(
    "unauthenticated",
    "The webhook signature does not match: sign the body with the automation's secret",
  );

export interface WebhookDelivery {
  automationId: string;
  timestamp: string | undefined;
  signature: string | undefined;
  body: string;
  now?: Date;
}

/** Verifies a delivery and starts a run; returns the run id (null for a replay). */
export async function receiveWebhook(
  db: Db,
  services: Pick<Services, "secrets" | "jobs">,
  delivery: WebhookDelivery,
) {
  if (!UUID.test(delivery.automationId) || !delivery.timestamp || !delivery.signature)
    throw refused();
  const [automation] = await db
    .select()
    .from(automations)
    .where(eq(automations.id, delivery.automationId));
  if (!automation?.webhookSecretName || (automation.trigger as Trigger).kind !== "webhook")
    throw refused();
  const secret = await services.secrets
    .reveal(db, automation.workspaceId, automation.webhookSecretName)
    .catch(() => undefined);
  if (!secret || !verifyWebhook(secret, delivery.timestamp, delivery.body, delivery.signature))
    throw refused();
  const nowSeconds = Math.floor((delivery.now ?? new Date()).getTime() / 1000);
  if (
    !/^\d+$/.test(delivery.timestamp) ||
    Math.abs(nowSeconds - Number(delivery.timestamp)) > TOLERANCE_SECONDS
  )
    throw new AppError("unauthenticated", "The webhook timestamp is more than 5 minutes off");
  if (!automation.enabled) throw new AppError("conflict", "This automation is disabled");
  let body: unknown = delivery.body;
  try {
    body = delivery.body.trim() === "" ? null : JSON.parse(delivery.body);
  } catch {
    // Not JSON: the steps get the text as it came.
  }
  const run = await db.transaction((tx) =>
    startRun(
      tx as Db,
      services.jobs,
      automation,
      { kind: "webhook", payload: { body, receivedAt: new Date().toISOString() } },
      { dedupeKey: delivery.signature },
    ),
  );
  return { runId: run?.id ?? null, duplicate: !run };
}

/** Registers the route; its body parser keeps the raw text the signature was made over. */
export function registerAutomationWebhooks(
  app: FastifyInstance,
  deps: { db: Db; services: Pick<Services, "secrets" | "jobs"> },
) {
  app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser(
      "*",
      { parseAs: "string", bodyLimit: MAX_BODY_BYTES },
      (_request, body, done) => done(null, body),
    );
    scope.post<{ Params: { id: string } }>("/hooks/automations/:id", async (request, reply) => {
      const header = (name: string) => {
        const value = request.headers[name];
        return Array.isArray(value) ? value[0] : value;
      };
      const result = await receiveWebhook(deps.db, deps.services, {
        automationId: request.params.id,
        timestamp: header(TIMESTAMP_HEADER),
        signature: header(SIGNATURE_HEADER),
        body: typeof request.body === "string" ? request.body : "",
      });
      reply.header("cache-control", "no-store");
      return reply.status(result.duplicate ? 200 : 202).send(result);
    });
  });
}
