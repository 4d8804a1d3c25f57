import { createHash } from "node:crypto";
import { type SQL, sql } from "drizzle-orm";
import { canonicalJson } from "../../../platform/canonical-json.ts";
import { rowsOf } from "../../../platform/db/copy.ts";
import type { Db } from "../../../platform/db/database.ts";
import { invalid } from "../../../platform/errors.ts";
import { allocationWeight } from "./allocation-cells.ts";
import {
  checkPeriod,
  currenciesIn,
  METRIC_COLUMN,
  type Metric,
  type Scope,
  whereOf,
} from "./query.ts";

/**
 * The ledger's own lines behind an explorer view (a bar, a group, a filtered period): what a
 * total is made of, costliest first, each traced back to its file and row.
 *
 * Filtered by a client or project (or the rest, "No client"), a line shows as the explorer
 * counts it: the lines the allocation rules give a share of to the target, each with its
 * amounts multiplied by that share (`share`; a line split 60/40 between two clients is listed
 * under each, at 60 % and at 40 % of its cost). The lines of a bar so add up to the bar.
 */

export interface LineItem {
  /** `<importId>/<sourceRow>`: the ledger's key for the line. */
  id: string;
  importId: string;
  fileName: string | null;
  /** The data row in the imported file (1-based). */
  sourceRow: number;
  chargePeriodStart: string | null;
  chargePeriodEnd: string | null;
  billingAccountId: string | null;
  subAccountId: string | null;
  subAccountName: string | null;
  providerName: string | null;
  serviceName: string | null;
  regionId: string | null;
  resourceId: string | null;
  resourceName: string | null;
  resourceType: string | null;
  chargeCategory: string | null;
  chargeDescription: string | null;
  skuId: string | null;
  pricingUnit: string | null;
  pricingQuantity: string | null;
  consumedQuantity: string | null;
  consumedUnit: string | null;
  commitmentDiscountId: string | null;
  billingCurrency: string | null;
  billedCost: string | null;
  effectiveCost: string | null;
  listCost: string | null;
  tags: Record<string, string> | null;
  /**
   * With an allocation filter: the part of the line (0 to 1) the rules give the target, by
   * which its costs above are scaled (quantities stay the line's); null without one.
   */
  share: string | null;
}

export interface LineItemPage {
  currency: string | null;
  /** Lines in the view, counted up to `COUNT_CAP` (then `countCapped`). */
  count: number;
  countCapped: boolean;
  items: LineItem[];
  nextCursor: string | null;
}

/** Lines counted at most; a view of more says "more than". */
export const COUNT_CAP = 10_000;

const DECIMAL = /^-?\d+(\.\d+)?$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A line's place in the list: its amount, then its import and row (the ledger's key). */
interface Position {
  value: string;
  importId: string;
  sourceRow: number;
}

/**
 * What a cursor belongs to: the metric, period, filters and currency of its list. A position
 * in one list means nothing in another (a client filter scales every amount by its share), so
 * a cursor carries this and is refused elsewhere.
 */
function viewOf(scope: Scope & { metric: Metric }, currency: string | null): string {
  const view = JSON.stringify([
    scope.metric,
    scope.from,
    scope.to,
    currency,
    canonicalJson(scope.filters),
  ]);
  return createHash("sha256").update(view).digest("base64url").slice(0, 16);
}

function cursorOf(position: Position, view: string): string {
  const { value, importId, sourceRow } = position;
  return Buffer.from(JSON.stringify([view, value, importId, sourceRow])).toString("base64url");
}

function decodeCursor(cursor: string, view: string): Position {
  try {
    const value = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (
      Array.isArray(value) &&
      value.length === 4 &&
      value[0] === view &&
      typeof value[1] === "string" &&
      DECIMAL.test(value[1]) &&
      typeof value[2] === "string" &&
      UUID.test(value[2]) &&
      Number.isSafeInteger(value[3])
    )
      return { value: value[1], importId: value[2], sourceRow: value[3] };
  } catch {}
  throw invalid(
    "cursor",
    "is not a cursor of this list (the same period, filters, currency and metric)",
  );
}

const utc = (column: string) =>
  sql.raw(`to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`);

/**
 * One page of line items in a view, by the metric's amount from the largest down (ties by
 * import and row), with the view's currency chosen as the explorer chooses it.
 */
export async function listLineItems(
  db: Db,
  scope: Scope & { metric: Metric; limit: number; cursor?: string },
): Promise<LineItemPage> {
  checkPeriod(scope);
  const currency = scope.currency ?? (await currenciesIn(db, scope))[0] ?? null;
  const view = viewOf(scope, currency);
  const position = scope.cursor ? decodeCursor(scope.cursor, view) : null;
  const target = scope.filters?.allocation;
  // The target's share of each line, as the explorer weighs the roll-up row it is summed into.
  const weight = target
    ? await allocationWeight(db, scope.workspaceId, target, "ledger")
    : undefined;
  const value = sql.raw(`coalesce(${METRIC_COLUMN[scope.metric]}, 0)`);
  const where = sql`${whereOf("ledger", scope, currency ?? "")} AND ${currencyIs(currency)}`;
  // Lines with the metric and share of each: `v` orders and pages, `share` scales the amounts.
  const lines = sql`(
    SELECT *, ${weight ? sql`${value} * ${weight}` : value} AS v,
      ${weight ?? sql`NULL::numeric`} AS share
    FROM cost_line_items WHERE ${where}) s
    ${weight ? sql`WHERE share <> 0` : sql`WHERE true`}`;
  const after: SQL = position
    ? sql`AND (v < ${position.value}::numeric OR (v = ${position.value}::numeric
        AND (import_id, source_row) > (${position.importId}::uuid, ${position.sourceRow}::int)))`
    : sql``;
  const amount = (column: string) => sql.raw(`trim_scale(${column})::text`);
  const cost = (column: string) => amount(weight ? `${column} * l.share` : column);
  const rows = rowsOf<Omit<LineItem, "tags"> & { tags: unknown; v: string }>(
    await db.execute(sql`
      SELECT l.import_id || '/' || l.source_row AS id, l.import_id AS "importId", i.file_name AS "fileName",
        l.source_row AS "sourceRow",
        ${utc("l.charge_period_start")} AS "chargePeriodStart",
        ${utc("l.charge_period_end")} AS "chargePeriodEnd",
        l.billing_account_id AS "billingAccountId", l.sub_account_id AS "subAccountId",
        l.sub_account_name AS "subAccountName", l.provider_name AS "providerName",
        l.service_name AS "serviceName", l.region_id AS "regionId",
        l.resource_id AS "resourceId", l.resource_name AS "resourceName",
        l.resource_type AS "resourceType", l.charge_category AS "chargeCategory",
        l.charge_description AS "chargeDescription", l.sku_id AS "skuId",
        l.pricing_unit AS "pricingUnit", ${amount("l.pricing_quantity")} AS "pricingQuantity",
        ${amount("l.consumed_quantity")} AS "consumedQuantity", l.consumed_unit AS "consumedUnit",
        l.commitment_discount_id AS "commitmentDiscountId",
        l.billing_currency AS "billingCurrency", ${cost("l.billed_cost")} AS "billedCost",
        ${cost("l.effective_cost")} AS "effectiveCost", ${cost("l.list_cost")} AS "listCost",
        l.tags, trim_scale(l.share)::text AS share, trim_scale(l.v)::text AS v
      FROM (
        SELECT * FROM ${lines} ${after} ORDER BY v DESC, import_id, source_row
        LIMIT ${scope.limit + 1}
      ) l LEFT JOIN cost_imports i ON i.id = l.import_id
      ORDER BY l.v DESC, l.import_id, l.source_row`),
  );
  const [counted] = rowsOf<{ n: number | string }>(
    await db.execute(sql`
      SELECT count(*) AS n FROM (SELECT 1 FROM ${lines} LIMIT ${COUNT_CAP + 1}) capped`),
  );
  const count = Number(counted?.n ?? 0);
  const page = rows.slice(0, scope.limit);
  const last = page.at(-1);
  return {
    currency: currency || null,
    count: Math.min(count, COUNT_CAP),
    countCapped: count > COUNT_CAP,
    items: page.map(({ v: _, tags, sourceRow, ...item }) => ({
      ...item,
      sourceRow: Number(sourceRow),
      tags: (typeof tags === "string" ? JSON.parse(tags) : tags) as Record<string, string> | null,
    })),
    nextCursor:
      rows.length > scope.limit && last
        ? cursorOf(
            { value: last.v, importId: last.importId, sourceRow: Number(last.sourceRow) },
            view,
          )
        : null,
  };
}

/** Lines without a currency are their own "currency" (blank), as in the roll-ups. */
function currencyIs(currency: string | null): SQL {
  return currency ? sql`billing_currency = ${currency}` : sql`billing_currency IS NULL`;
}
