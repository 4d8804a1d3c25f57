import { readFileSync } from "node:fs";
import { asyncBufferFromFile, parquetReadObjects } from "hyparquet";
import { compressors } from "hyparquet-compressors";
import type { DailyPoint } from "../../server/modules/costs/analysis/daily-series.ts";

/** Daily cost of one AWS Cost and Usage Report: the whole account and each service. */
export interface CurSeries {
  name: string;
  account: DailyPoint[];
  services: Map<string, DailyPoint[]>;
}

interface LineItem {
  usageStart: string;
  productCode: string;
  unblendedCost: number;
}

// Every line item counts, as on the bill: usage, reservation fees (RIFee), tax. UsageStartDate
// is UTC, so its first ten characters are the day the cost belongs to.
function toDaily(name: string, items: Iterable<LineItem>): CurSeries {
  const account = new Map<string, number>();
  const services = new Map<string, Map<string, number>>();
  for (const item of items) {
    const day = item.usageStart.slice(0, 10);
    account.set(day, (account.get(day) ?? 0) + item.unblendedCost);
    const service = services.get(item.productCode) ?? new Map<string, number>();
    service.set(day, (service.get(day) ?? 0) + item.unblendedCost);
    services.set(item.productCode, service);
  }
  const points = (byDay: Map<string, number>): DailyPoint[] =>
    [...byDay].sort(([a], [b]) => a.localeCompare(b)).map(([date, value]) => ({ date, value }));
  return {
    name,
    account: points(account),
    services: new Map([...services].map(([code, byDay]) => [code, points(byDay)])),
  };
}

// RFC 4180 fields: commas and newlines inside double quotes, "" for a quote. Kept here, with no
// CSV library, so the benchmark reads the file the same way whatever the importer uses.
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  const endField = () => {
    row.push(field);
    field = "";
  };
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') field += text[++i];
      else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') {
      quoted = true;
    } else if (char === ",") {
      endField();
    } else if (char === "\n" || char === "\r") {
      if (char === "\r" && text[i + 1] === "\n") i++;
      endField();
      rows.push(row);
      row = [];
    } else {
      field += char;
    }
  }
  if (field !== "" || row.length > 0) rows.push([...row, field]);
  return rows.filter((cells) => cells.some((cell) => cell !== ""));
}

/** A legacy CUR CSV export (`lineItem/UsageStartDate`, `lineItem/UnblendedCost`, …). */
export function readCurCsv(name: string, file: string): CurSeries {
  const [header = [], ...rows] = parseCsv(readFileSync(file, "utf8"));
  const column = (columnName: string) => {
    const index = header.indexOf(columnName);
    if (index === -1) throw new Error(`${file} has no ${columnName} column`);
    return index;
  };
  const start = column("lineItem/UsageStartDate");
  const product = column("lineItem/ProductCode");
  const cost = column("lineItem/UnblendedCost");
  return toDaily(
    name,
    rows.map((cells) => ({
      usageStart: cells[start] ?? "",
      productCode: cells[product] ?? "",
      unblendedCost: Number(cells[cost] || 0),
    })),
  );
}

/** A CUR Parquet file with Athena column names (`line_item_usage_start_date`, …). */
export async function readCurParquet(name: string, file: string): Promise<CurSeries> {
  const rows = await parquetReadObjects({
    file: await asyncBufferFromFile(file),
    columns: ["line_item_usage_start_date", "line_item_product_code", "line_item_unblended_cost"],
    compressors,
  });
  return toDaily(
    name,
    rows.map((row) => {
      const start: unknown = row.line_item_usage_start_date;
      return {
        usageStart: start instanceof Date ? start.toISOString() : String(start),
        productCode: String(row.line_item_product_code),
        unblendedCost: Number(row.line_item_unblended_cost),
      };
    }),
  );
}
