import Decimal from "decimal.js";
import { and, eq, gte, lt, sql } from "drizzle-orm";
import { users } from "../../../platform/auth/auth.schema.ts";
import type { Db } from "../../../platform/db/database.ts";
import { AppError } from "../../../platform/errors.ts";
import { aiUsage } from "../ai.schema.ts";
import type { ModelSettings } from "../settings/ai-settings.service.ts";

export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
}

/** UTC month bounds of `YYYY-MM` (or of the month `now` falls in). */
export function monthBounds(month: string | undefined, now: Date) {
  const [y, m] = month
    ? month.split("-").map(Number)
    : [now.getUTCFullYear(), now.getUTCMonth() + 1];
  const start = new Date(Date.UTC(y!, m! - 1, 1));
  const end = new Date(Date.UTC(y!, m!, 1));
  return { month: start.toISOString().slice(0, 7), start, end };
}

/** Price of a call: tokens × price per million, exact decimals (rounded to 6 places). */
export function priceOf(
  usage: TokenUsage,
  settings: Pick<ModelSettings, "inputPricePerMillion" | "outputPricePerMillion">,
): string {
  const input = new Decimal(settings.inputPricePerMillion ?? 0).mul(usage.inputTokens);
  const output = new Decimal(settings.outputPricePerMillion ?? 0).mul(usage.outputTokens);
  return input.plus(output).div(1_000_000).toDecimalPlaces(6).toFixed();
}

/** Records one model call's tokens and cost. */
export async function recordUsage(
  db: Db,
  entry: {
    workspaceId: string;
    userId: string | null;
    threadId: string | null;
    settings: ModelSettings;
    usage: TokenUsage;
  },
) {
  await db.insert(aiUsage).values({
    workspaceId: entry.workspaceId,
    userId: entry.userId,
    threadId: entry.threadId,
    model: `${entry.settings.provider}:${entry.settings.model}`,
    inputTokens: entry.usage.inputTokens,
    outputTokens: entry.usage.outputTokens,
    cost: priceOf(entry.usage, entry.settings),
    currency: entry.settings.currency,
  });
}

/**
 * Records a provider's embedding tokens (semantic search) in the same accounting, priced when
 * the embedding settings name a price. Nobody in particular asked: indexing is the workspace's.
 */
export async function recordEmbeddingUsage(
  db: Db,
  entry: {
    workspaceId: string;
    model: string;
    tokens: number;
    pricePerMillion: string | null;
    currency: string;
  },
) {
  await db.insert(aiUsage).values({
    workspaceId: entry.workspaceId,
    userId: null,
    threadId: null,
    model: entry.model,
    kind: "embeddings",
    inputTokens: entry.tokens,
    outputTokens: 0,
    // Exact (a price of at most 6 decimals per million tokens has at most 12): one query is a
    // few tokens, which rounding each call to 6 places, as chat does, would price at zero.
    cost: new Decimal(entry.pricePerMillion ?? 0).mul(entry.tokens).div(1_000_000).toFixed(),
    currency: entry.currency,
  });
}

/** The workspace's AI spend this month (in the settings' currency). */
export async function monthSpend(db: Db, workspaceId: string, now: Date): Promise<string> {
  const { start, end } = monthBounds(undefined, now);
  const [row] = await db
    .select({ cost: sql<string>`coalesce(sum(${aiUsage.cost}), 0)::text` })
    .from(aiUsage)
    .where(and(eq(aiUsage.workspaceId, workspaceId), gte(aiUsage.at, start), lt(aiUsage.at, end)));
  return row?.cost ?? "0";
}

/** Refuses when the monthly AI budget is spent, with what was spent and what to do. */
export async function assertWithinBudget(
  db: Db,
  workspaceId: string,
  settings: Pick<ModelSettings, "monthlyBudget" | "currency">,
  now: Date,
) {
  if (!settings.monthlyBudget) return;
  const spent = await monthSpend(db, workspaceId, now);
  if (new Decimal(spent).gte(settings.monthlyBudget)) {
    throw new AppError(
      "conflict",
      `This workspace's monthly AI budget of ${settings.currency} ${new Decimal(settings.monthlyBudget).toFixed(2)} is spent (${settings.currency} ${new Decimal(spent).toFixed(2)} used in ${monthBounds(undefined, now).month}). An admin can raise it in Settings → AI.`,
    );
  }
}

/** Tokens and cost of a month, per person and kind (embeddings belong to nobody). */
export async function usageByUser(
  db: Db,
  workspaceId: string,
  month: string | undefined,
  now: Date,
) {
  const bounds = monthBounds(month, now);
  const rows = await db
    .select({
      userId: aiUsage.userId,
      name: users.name,
      kind: aiUsage.kind,
      calls: sql<number>`count(*)::int`,
      inputTokens: sql<number>`coalesce(sum(${aiUsage.inputTokens}), 0)::bigint`,
      outputTokens: sql<number>`coalesce(sum(${aiUsage.outputTokens}), 0)::bigint`,
      cost: sql<string>`coalesce(sum(${aiUsage.cost}), 0)::text`,
    })
    .from(aiUsage)
    .leftJoin(users, eq(users.id, aiUsage.userId))
    .where(
      and(
        eq(aiUsage.workspaceId, workspaceId),
        gte(aiUsage.at, bounds.start),
        lt(aiUsage.at, bounds.end),
      ),
    )
    .groupBy(aiUsage.userId, users.name, aiUsage.kind);
  return {
    month: bounds.month,
    rows: rows.map((r) => ({
      ...r,
      inputTokens: Number(r.inputTokens),
      outputTokens: Number(r.outputTokens),
    })),
  };
}
