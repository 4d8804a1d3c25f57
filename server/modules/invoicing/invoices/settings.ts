import { eq, sql } from "drizzle-orm";
import type { Db } from "../../../platform/db/database.ts";
import { invoiceSettings } from "../invoicing.schema.ts";
import type { RoundingMode } from "../money/currency.ts";
import type { TaxRounding } from "../money/invoice-math.ts";

export type InvoiceSettings = typeof invoiceSettings.$inferSelect;

/** The workspace's invoicing settings, created with defaults on first use. */
export async function settingsOf(db: Db, workspaceId: string): Promise<InvoiceSettings> {
  const [row] = await db
    .select()
    .from(invoiceSettings)
    .where(eq(invoiceSettings.workspaceId, workspaceId));
  if (row) return row;
  const [created] = await db
    .insert(invoiceSettings)
    .values({ workspaceId })
    .onConflictDoNothing()
    .returning();
  return created ?? (await settingsOf(db, workspaceId));
}

export function roundingRulesOf(settings: InvoiceSettings) {
  return {
    rounding: settings.rounding as RoundingMode,
    taxRounding: settings.taxRounding as TaxRounding,
  };
}

/**
 * Takes the next number of the series, locking the settings row until the transaction ends: a
 * concurrent issue waits, and a rolled-back issue gives its number back, so there are no gaps.
 */
export async function takeNumber(
  db: Db,
  workspaceId: string,
  series: "invoice" | "credit_note",
): Promise<{ seq: number; format: string }> {
  await settingsOf(db, workspaceId);
  const isInvoice = series === "invoice";
  const counter = isInvoice ? "nextNumber" : "nextCreditNumber";
  const column = invoiceSettings[counter];
  const [row] = await db
    .update(invoiceSettings)
    .set({ [counter]: sql`${column} + 1` })
    .where(eq(invoiceSettings.workspaceId, workspaceId))
    .returning({
      next: column,
      format: isInvoice ? invoiceSettings.numberFormat : invoiceSettings.creditNoteFormat,
    });
  return { seq: row!.next - 1, format: row!.format };
}
