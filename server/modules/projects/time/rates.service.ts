import { and, asc, eq, ne } from "drizzle-orm";
import { users } from "../../../platform/auth/auth.schema.ts";
import type { Db } from "../../../platform/db/database.ts";
import { invalid } from "../../../platform/errors.ts";
import { memberships } from "../../../platform/workspaces/workspaces.schema.ts";
import { isCurrency } from "../../invoicing/money/currency.ts";
import { memberRates } from "../projects.schema.ts";
import { assertMember } from "./time-refs.ts";

/** Every staff member of the workspace with their billing and cost rates (null when unset). */
export async function listRates(db: Db, workspaceId: string) {
  const rows = await db
    .select({
      userId: memberships.userId,
      role: memberships.role,
      name: users.name,
      email: users.email,
      hourlyRate: memberRates.hourlyRate,
      costRate: memberRates.costRate,
      currency: memberRates.currency,
      updatedAt: memberRates.updatedAt,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .leftJoin(
      memberRates,
      and(eq(memberRates.workspaceId, workspaceId), eq(memberRates.userId, memberships.userId)),
    )
    .where(and(eq(memberships.workspaceId, workspaceId), ne(memberships.role, "client")))
    .orderBy(asc(users.name), asc(users.id));
  return rows;
}

export interface RateInput {
  userId: string;
  /** Undefined keeps the current value; null clears it. */
  hourlyRate?: string | null;
  costRate?: string | null;
  currency: string;
}

/**
 * Sets a person's rates. Entries already logged keep the rate they were logged at; the new
 * rate applies to time logged (or timers stopped) from now on.
 */
export async function setRate(db: Db, workspaceId: string, input: RateInput) {
  await assertMember(db, workspaceId, input.userId);
  if (!isCurrency(input.currency)) throw invalid("currency", "is not an ISO 4217 currency code");
  const [before] = await db
    .select()
    .from(memberRates)
    .where(and(eq(memberRates.workspaceId, workspaceId), eq(memberRates.userId, input.userId)));
  const values = {
    hourlyRate: input.hourlyRate === undefined ? (before?.hourlyRate ?? null) : input.hourlyRate,
    costRate: input.costRate === undefined ? (before?.costRate ?? null) : input.costRate,
    currency: input.currency,
    updatedAt: new Date(),
  };
  await db
    .insert(memberRates)
    .values({ workspaceId, userId: input.userId, ...values })
    .onConflictDoUpdate({ target: [memberRates.workspaceId, memberRates.userId], set: values });
  const rates = await listRates(db, workspaceId);
  return rates.find((r) => r.userId === input.userId)!;
}
