import type { OperationInput, OperationOutput } from "../../lib/api.ts";
import { type CsvCell, toCsv } from "./csv.ts";

type LineItemPage = OperationOutput<"costs.lineItems">;
type LineItem = LineItemPage["items"][number];
type PageInput = OperationInput<"costs.lineItems">;

/** Lines an export holds at most: a spreadsheet (and the browser's memory) stops somewhere. */
export const EXPORT_CAP = 100_000;
/** Lines fetched a request: the most costs.lineItems gives. */
const EXPORT_PAGE = 500;

export interface ExportedLines {
  items: LineItem[];
  /** The view's currency, as the first page chose it (every page is read in it). */
  currency: string | null;
  /** The view holds more than EXPORT_CAP lines: only the first (costliest) are exported. */
  capped: boolean;
}

/**
 * Every line of a view, page after page, up to `cap`: the export holds the whole view, not
 * the page on screen. The currency the first page picked is kept for the rest, so a default
 * currency cannot change half-way.
 */
export async function collectLineItems(
  fetchPage: (input: PageInput) => Promise<LineItemPage>,
  view: Omit<PageInput, "limit" | "cursor">,
  onProgress?: (lines: number) => void,
  cap = EXPORT_CAP,
): Promise<ExportedLines> {
  const items: LineItem[] = [];
  let currency: string | null | undefined = view.currency;
  let cursor: string | undefined;
  for (;;) {
    // One line past the cap tells whether anything was left out.
    const page = await fetchPage({
      ...view,
      ...(currency ? { currency } : {}),
      limit: Math.min(EXPORT_PAGE, cap + 1 - items.length),
      ...(cursor ? { cursor } : {}),
    });
    currency ??= page.currency;
    items.push(...page.items);
    if (items.length > cap) return { items: items.slice(0, cap), currency, capped: true };
    onProgress?.(items.length);
    if (!page.nextCursor) return { items, currency, capped: false };
    cursor = page.nextCursor;
  }
}

export const LINE_ITEMS_CSV_HEADER = [
  "ChargePeriodStart",
  "ChargePeriodEnd",
  "BillingAccountId",
  "SubAccountId",
  "ProviderName",
  "ServiceName",
  "RegionId",
  "ResourceId",
  "ResourceName",
  "ChargeCategory",
  "ChargeDescription",
  "SkuId",
  "ConsumedQuantity",
  "ConsumedUnit",
  "BillingCurrency",
  "BilledCost",
  "EffectiveCost",
  "ListCost",
  "Tags",
  "File",
  "Row",
];

/**
 * The lines as CSV: amounts exact as stored, tags as JSON, each traced to its file and row.
 * Lines of a client's or project's share (costs.lineItems filtered by allocation) carry their
 * share: their costs are that share of the line, so the file adds up to the explorer's figure,
 * and a last column, AllocatedShare, says which part of the line it is (0.6 for 60 %).
 */
export function lineItemsCsv(items: LineItem[]): string {
  const text = (value: string | null) => value ?? "";
  const amount = (value: string | null): CsvCell => (value === null ? "" : { number: value });
  const isShared = items.some((item) => item.share !== null);
  const rows: CsvCell[][] = items.map((item) => [
    text(item.chargePeriodStart),
    text(item.chargePeriodEnd),
    text(item.billingAccountId),
    text(item.subAccountId),
    text(item.providerName),
    text(item.serviceName),
    text(item.regionId),
    text(item.resourceId),
    text(item.resourceName),
    text(item.chargeCategory),
    text(item.chargeDescription),
    text(item.skuId),
    amount(item.consumedQuantity),
    text(item.consumedUnit),
    text(item.billingCurrency),
    amount(item.billedCost),
    amount(item.effectiveCost),
    amount(item.listCost),
    item.tags ? JSON.stringify(item.tags) : "",
    text(item.fileName),
    { number: String(item.sourceRow) },
    ...(isShared ? [amount(item.share)] : []),
  ]);
  const header = isShared ? [...LINE_ITEMS_CSV_HEADER, "AllocatedShare"] : LINE_ITEMS_CSV_HEADER;
  return toCsv([header, ...rows]);
}

/**
 * "line-items-2024-09-01-to-2024-10-01-USD.csv"; a client's share adds "-client-acme" (the
 * rest "-no-client"); a capped export says so in its name.
 */
export function lineItemsFileName(
  range: { from: string; to: string },
  exported: Pick<ExportedLines, "currency" | "capped" | "items">,
  allocation?: { kind: "client" | "project"; key: string | null },
): string {
  const currency = exported.currency ? `-${exported.currency}` : "";
  const capped = exported.capped ? `-first-${exported.items.length}` : "";
  const target = !allocation
    ? ""
    : allocation.key === null
      ? `-no-${allocation.kind}`
      : `-${allocation.kind}-${allocation.key.replace(/[^\w.-]+/g, "_")}`;
  return `line-items-${range.from}-to-${range.to}${target}${currency}${capped}.csv`;
}
