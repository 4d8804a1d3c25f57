import { eq } from "drizzle-orm";
import { z } from "zod";
import { invalid } from "../../../platform/errors.ts";
import { defineOperation, workspaceOf } from "../../../platform/operations/define.ts";
import { invoiceSettings } from "../invoicing.schema.ts";
import { zAddress, zPercent } from "../invoicing.zod.ts";
import { numberFormatProblem } from "../money/numbering.ts";
import { dropReminderSecret, issueReminderSecret, maskedUrl } from "./reminder-webhook.ts";
import { type InvoiceSettings, settingsOf } from "./settings.ts";

const MAX_LOGO_BYTES = 256 * 1024;

const zSettings = z.object({
  companyName: z.string(),
  address: zAddress.nullable(),
  taxId: z.string().nullable(),
  email: z.string().nullable(),
  paymentInstructions: z.string(),
  footer: z.string(),
  hasLogo: z.boolean(),
  numberFormat: z.string(),
  nextNumber: z.number().int(),
  creditNoteFormat: z.string(),
  nextCreditNumber: z.number().int(),
  rounding: z.enum(["half-up", "half-even"]),
  taxRounding: z.enum(["per-rate", "per-line"]),
  defaultTaxRate: z.string(),
  reminderWebhook: z
    .string()
    .nullable()
    .describe("Where overdue reminders are POSTed: its origin only, the path is not shown again"),
});

const view = (s: InvoiceSettings): z.input<typeof zSettings> => ({
  companyName: s.companyName,
  address: s.address as z.infer<typeof zAddress> | null,
  taxId: s.taxId,
  email: s.email,
  paymentInstructions: s.paymentInstructions,
  footer: s.footer,
  hasLogo: !!s.logo,
  numberFormat: s.numberFormat,
  nextNumber: s.nextNumber,
  creditNoteFormat: s.creditNoteFormat,
  nextCreditNumber: s.nextCreditNumber,
  rounding: s.rounding as "half-up" | "half-even",
  taxRounding: s.taxRounding as "per-rate" | "per-line",
  defaultTaxRate: s.defaultTaxRate,
  reminderWebhook: maskedUrl(s.reminderWebhookUrl),
});

export const settingsGet = defineOperation({
  name: "invoicing.settings.get",
  summary: "Who invoices are from, how they are numbered and rounded",
  input: z.object({}),
  output: zSettings,
  permission: "invoices:draft",
  mutates: false,
  handler: async (_input, ctx) => view(await settingsOf(ctx.db, workspaceOf(ctx))),
});

const PNG = "89504e47";
const JPEG = "ffd8ff";

export const settingsUpdate = defineOperation({
  name: "invoicing.settings.update",
  summary: "Change the sender's details, logo, number formats, rounding and default tax rate",
  description:
    "The counters only move forward: numbers already issued are never reused. Changing rounding " +
    "applies to drafts made afterwards.",
  input: z.strictObject({
    companyName: z.string().trim().max(200).optional(),
    address: zAddress.nullable().optional(),
    taxId: z.string().trim().max(40).nullable().optional(),
    email: z.email().max(254).nullable().optional(),
    paymentInstructions: z.string().trim().max(2_000).optional(),
    footer: z.string().trim().max(500).optional(),
    logoBase64: z
      .string()
      .max(Math.ceil((MAX_LOGO_BYTES * 4) / 3) + 4)
      .nullable()
      .optional(),
    numberFormat: z.string().trim().optional(),
    nextNumber: z.number().int().min(1).optional(),
    creditNoteFormat: z.string().trim().optional(),
    rounding: z.enum(["half-up", "half-even"]).optional(),
    taxRounding: z.enum(["per-rate", "per-line"]).optional(),
    defaultTaxRate: zPercent.optional(),
    reminderWebhookUrl: z
      .url({ protocol: /^https?$/ })
      .max(2_000)
      .nullable()
      .optional()
      .describe("Also POST overdue reminders here, signed; null stops them"),
  }),
  output: zSettings.extend({
    reminderWebhookSecret: z
      .string()
      .nullable()
      .describe("The webhook signing secret: only in the response that set the URL. Store it now."),
  }),
  permission: "invoices:issue",
  mutates: true,
  handler: async (input, ctx) => {
    const workspaceId = workspaceOf(ctx);
    const current = await settingsOf(ctx.db, workspaceId);
    const { logoBase64, ...fields } = input;
    for (const field of ["numberFormat", "creditNoteFormat"] as const) {
      const format = fields[field];
      const problem = format === undefined ? null : numberFormatProblem(format);
      if (problem) throw invalid(field, problem);
    }
    if (fields.nextNumber !== undefined && fields.nextNumber < current.nextNumber)
      throw invalid(
        "nextNumber",
        `cannot go back below ${current.nextNumber}: numbers are never reused`,
      );
    let logo: string | null | undefined;
    if (logoBase64 !== undefined) {
      logo = logoBase64;
      if (logoBase64 !== null) {
        const bytes = Buffer.from(logoBase64, "base64");
        const head = bytes.subarray(0, 4).toString("hex");
        if (!head.startsWith(PNG) && !head.startsWith(JPEG))
          throw invalid("logoBase64", "must be a PNG or JPEG image");
        if (bytes.length > MAX_LOGO_BYTES) throw invalid("logoBase64", "must be at most 256 KiB");
      }
    }
    let reminderWebhookSecret: string | null = null;
    if (fields.reminderWebhookUrl) {
      reminderWebhookSecret = await issueReminderSecret(ctx.db, ctx.services.secrets, workspaceId);
    } else if (fields.reminderWebhookUrl === null) {
      await dropReminderSecret(ctx.db, ctx.services.secrets, workspaceId);
    }
    const [row] = await ctx.db
      .update(invoiceSettings)
      .set({ ...fields, ...(logo === undefined ? {} : { logo }), updatedAt: new Date() })
      .where(eq(invoiceSettings.workspaceId, workspaceId))
      .returning();
    return { ...view(row!), reminderWebhookSecret };
  },
});

export const settingsOperations = [settingsGet, settingsUpdate] as const;
