import type { Db } from "../../../platform/db/database.ts";
import {
  generateWebhookSecret,
  type OutboundHttp,
  webhookHeaders,
} from "../../../platform/http/outbound.ts";

export { maskWebhookUrl as maskedUrl } from "../../../platform/http/outbound.ts";

import type { SecretsService } from "../../../platform/secrets/secrets.service.ts";

/** The vault entry that signs overdue-reminder webhooks. */
export const REMINDER_SECRET = "invoicing-reminder-webhook";
const TIMEOUT_MS = 10_000;

/** Creates (or replaces) the signing secret; its value is shown to the caller once. */
export async function issueReminderSecret(
  db: Db,
  secrets: Pick<SecretsService, "set">,
  workspaceId: string,
) {
  const value = generateWebhookSecret();
  await secrets.set(db, workspaceId, {
    name: REMINDER_SECRET,
    value,
    description: "Signs the overdue-invoice reminder webhooks",
  });
  return value;
}

export async function dropReminderSecret(
  db: Db,
  secrets: Pick<SecretsService, "removeNamed">,
  workspaceId: string,
) {
  await secrets.removeNamed(db, workspaceId, REMINDER_SECRET);
}

export interface ReminderPayload {
  event: "invoice.overdue";
  invoice: {
    id: string;
    number: string | null;
    client: string;
    dueDate: string | null;
    daysOverdue: number;
    balance: string;
    currency: string;
  };
}

/** POSTs one reminder, signed (x-glasspane-signature); returns the failure, or null. */
export async function sendReminder(
  db: Db,
  deps: { secrets: Pick<SecretsService, "reveal">; outbound: OutboundHttp },
  target: { workspaceId: string; url: string },
  payload: ReminderPayload,
): Promise<string | null> {
  try {
    const secret = await deps.secrets.reveal(db, target.workspaceId, REMINDER_SECRET);
    const body = JSON.stringify(payload);
    const response = await deps.outbound.request(target.url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-glasspane-event": payload.event,
        ...webhookHeaders(secret, body),
      },
      body,
      timeoutMs: TIMEOUT_MS,
      maxResponseBytes: 64 * 1024,
    });
    return response.status >= 200 && response.status < 300
      ? null
      : `The receiver answered HTTP ${response.status}`;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
