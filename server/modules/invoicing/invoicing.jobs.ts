import Decimal from "decimal.js";
import { and, eq, inArray, isNull, lt, or } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../../platform/db/database.ts";
import { AppError } from "../../platform/errors.ts";
import { createOutboundHttp, type OutboundHttp } from "../../platform/http/outbound.ts";
import type { Services } from "../../platform/services.ts";
import { todayIn } from "../../platform/time-zone.ts";
import { workspaceTimeZone } from "../../platform/workspaces/workspaces.service.ts";
import { listClients, planOf } from "./clients/clients.service.ts";
import { balanceFrom, createDraft, listContext } from "./invoices/invoices.service.ts";
import { sendReminder } from "./invoices/reminder-webhook.ts";
import { settingsOf } from "./invoices/settings.ts";
import { clients, invoices } from "./invoicing.schema.ts";
import { moneyString } from "./money/currency.ts";

export const MONTHLY_DRAFTS_JOB = "invoicing.monthlyDrafts";
export const OVERDUE_JOB = "invoicing.overdueReminders";
/** A reminder is repeated at most this often while an invoice stays overdue. */
const REMIND_EVERY_DAYS = 7;

const zPayload = z.object({ workspaceId: z.uuid().optional(), today: z.iso.date().optional() });

const admins = async (services: Services, db: Db, workspaceId: string) =>
  (await services.workspaces.members(db, workspaceId))
    .filter((m) => m.role === "owner" || m.role === "admin")
    .map((m) => m.userId);

async function workspacesWithClients(db: Db): Promise<string[]> {
  const rows = await db.selectDistinct({ id: clients.workspaceId }).from(clients);
  return rows.map((r) => r.id);
}

function previousMonth(today: string) {
  const [y, m] = today.split("-").map(Number) as [number, number];
  const start = new Date(Date.UTC(y, m - 2, 1)).toISOString().slice(0, 10);
  return { periodStart: start, periodEnd: `${today.slice(0, 7)}-01` };
}

/**
 * Drafts last month's invoice for every client whose plan asks for it. A client that cannot be
 * drafted (nothing to bill, a missing exchange rate, one already there) is reported, not fatal.
 */
export async function draftMonthly(db: Db, services: Services, workspaceId: string, today: string) {
  const period = previousMonth(today);
  const drafted: string[] = [];
  const skipped: string[] = [];
  for (const client of await listClients(db, workspaceId)) {
    const plan = await planOf(db, workspaceId, client.id);
    if (!plan?.autoDraft) continue;
    try {
      await db.transaction(async (tx) => {
        await createDraft(tx as Db, workspaceId, {
          clientId: client.id,
          ...period,
          exchangeRates: {},
          notes: "",
          createdBy: null,
        });
      });
      drafted.push(client.name);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      skipped.push(`${client.name}: ${error.message}`);
    }
  }
  if (drafted.length + skipped.length > 0) {
    const month = period.periodStart.slice(0, 7);
    await services.notifications.notify(db, {
      workspaceId,
      userIds: await admins(services, db, workspaceId),
      kind: "invoicing.drafts",
      title: `${drafted.length} invoice draft${drafted.length === 1 ? "" : "s"} for ${month} to review`,
      body: [
        drafted.length ? `Drafted: ${drafted.join(", ")}.` : "",
        ...skipped.map((s) => `Not drafted — ${s}`),
      ]
        .filter(Boolean)
        .join("\n"),
      link: "/clients/invoices?status=draft",
    });
    services.events.publish(workspaceId, { type: "changed", operation: MONTHLY_DRAFTS_JOB });
  }
  return { drafted: drafted.length, skipped: skipped.length };
}

/** Reminds admins of open invoices past their due date, at most once a week per invoice. */
export async function remindOverdue(
  db: Db,
  services: Services,
  workspaceId: string,
  today: string,
  outbound: OutboundHttp = createOutboundHttp({
    blockPrivateNetworks: services.config.blockPrivateNetworks,
  }),
) {
  const cutoff = new Date(Date.parse(`${today}T00:00:00Z`) - REMIND_EVERY_DAYS * 86_400_000);
  const due = await db
    .select()
    .from(invoices)
    .where(
      and(
        eq(invoices.workspaceId, workspaceId),
        eq(invoices.kind, "invoice"),
        inArray(invoices.status, ["issued", "sent", "partially_paid"]),
        lt(invoices.dueDate, today),
        or(isNull(invoices.remindedAt), lt(invoices.remindedAt, cutoff)),
      ),
    );
  let reminded = 0;
  const failed: string[] = [];
  const settings = await settingsOf(db, workspaceId);
  if (due.length === 0) return { reminded };
  const { names, credited } = await listContext(db, workspaceId, due);
  const recipients = await admins(services, db, workspaceId);
  for (const invoice of due) {
    const balance = balanceFrom(invoice, credited.get(invoice.id) ?? 0);
    if (balance.lessThanOrEqualTo(0)) continue;
    const clientName = names.get(invoice.clientId);
    const days = Math.round((Date.parse(today) - Date.parse(invoice.dueDate!)) / 86_400_000);
    await services.notifications.notify(db, {
      workspaceId,
      userIds: recipients,
      kind: "invoicing.overdue",
      title: `${invoice.number} to ${clientName ?? "a client"} is ${days} day${days === 1 ? "" : "s"} overdue`,
      body: `${moneyString(new Decimal(balance), invoice.currency)} ${invoice.currency} is still due since ${invoice.dueDate}.`,
      link: `/clients/invoices/${invoice.id}`,
      data: { invoiceId: invoice.id, balance: balance.toString() },
    });
    if (settings.reminderWebhookUrl) {
      const failure = await sendReminder(
        db,
        { secrets: services.secrets, outbound },
        { workspaceId, url: settings.reminderWebhookUrl },
        {
          event: "invoice.overdue",
          invoice: {
            id: invoice.id,
            number: invoice.number,
            client: clientName ?? "",
            dueDate: invoice.dueDate,
            daysOverdue: days,
            balance: moneyString(balance, invoice.currency),
            currency: invoice.currency,
          },
        },
      );
      if (failure) failed.push(`${invoice.number}: ${failure}`);
    }
    await db
      .update(invoices)
      .set({ remindedAt: new Date(`${today}T12:00:00Z`) })
      .where(eq(invoices.id, invoice.id));
    reminded += 1;
  }
  // The webhook is tried again with the next weekly reminder; the job shows what failed.
  if (failed.length > 0) throw new Error(`Reminder webhook failed: ${failed.join("; ")}`);
  return { reminded };
}

function defineFanOut(
  db: Db,
  services: Services,
  name: string,
  run: (
    db: Db,
    services: Services,
    workspaceId: string,
    today: string,
  ) => Promise<Record<string, number>>,
) {
  services.jobs.define({
    name,
    payload: zPayload,
    timeoutMs: 10 * 60_000,
    handler: async ({ workspaceId, today }) => {
      // Unless told a day, each workspace runs on its own today (its time zone's).
      if (workspaceId)
        return run(
          db,
          services,
          workspaceId,
          today ?? todayIn(await workspaceTimeZone(db, workspaceId)),
        );
      const day = today ?? new Date().toISOString().slice(0, 10);
      // One job per workspace, so one failing workspace does not hold back the others.
      const ids = await workspacesWithClients(db);
      for (const id of ids)
        await services.jobs.enqueue(
          db,
          name,
          { workspaceId: id, ...(today ? { today } : {}) },
          { workspaceId: id, singletonKey: `${name}:${id}:${day}` },
        );
      return { workspaces: ids.length };
    },
  });
}

export function registerInvoicingJobs(db: Db, services: Services): void {
  defineFanOut(db, services, MONTHLY_DRAFTS_JOB, draftMonthly);
  defineFanOut(db, services, OVERDUE_JOB, remindOverdue);
}

/**
 * Drafts on the 1st at 14:00 UTC: after the night's billing exports, and after local midnight in
 * every zone (down to UTC−12), so time logged on the month's last local evening is in the draft.
 * Reminders daily at 08:00.
 */
export async function scheduleInvoicingJobs(db: Db, services: Services): Promise<void> {
  await services.jobs.schedule(db, {
    key: MONTHLY_DRAFTS_JOB,
    cron: "0 14 1 * *",
    jobName: MONTHLY_DRAFTS_JOB,
  });
  await services.jobs.schedule(db, { key: OVERDUE_JOB, cron: "0 8 * * *", jobName: OVERDUE_JOB });
}
