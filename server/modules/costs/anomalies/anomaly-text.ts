import type { Finding } from "./anomalies.service.ts";
import type { Cause } from "./root-cause.ts";

/** How a dimension reads in a sentence. */
const DIMENSION_LABELS: Record<string, string> = {
  ServiceName: "service",
  BillingAccountId: "billing account",
  SubAccountId: "sub-account",
  RegionId: "region",
  ResourceId: "resource",
};

export function describeDimension(dimension: string, key: string): string {
  if (dimension.startsWith("tag:")) return `tag ${dimension.slice(4)} = ${key}`;
  return `${DIMENSION_LABELS[dimension] ?? dimension} ${key}`;
}

function money(amount: number, currency: string, signed = false): string {
  const code = /^[A-Z]{3}$/.test(currency) ? currency : undefined;
  const text = new Intl.NumberFormat("en-US", {
    ...(code ? { style: "currency", currency: code } : {}),
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
    signDisplay: signed ? "exceptZero" : "auto",
  }).format(amount);
  return code ? text : `${text} (no currency)`;
}

/** "Driven by resource globex-etl (+$20.41, 98%)". */
export function describeCause(causes: Cause[], currency: string): string | undefined {
  const top = causes[0];
  if (!top) return undefined;
  // Children moving the other way can put the top one above 100 % of the net change.
  const share = `${Math.round(Math.min(1, Math.abs(top.share)) * 100)}%`;
  const what = describeDimension(top.dimension, top.name ?? top.key);
  return `Driven by ${what} (${money(Number(top.deviation), currency, true)}, ${share})`;
}

const SEVERITY_RANK = { high: 2, medium: 1, low: 0 } as const;
/** Among equally severe anomalies, the service is what people recognise first, tags last. */
const DIMENSION_RANK: Record<string, number> = {
  ServiceName: 0,
  SubAccountId: 1,
  BillingAccountId: 2,
};
const dimensionRank = (dimension: string) => DIMENSION_RANK[dimension] ?? 3;
/** Other cuts named in a notification; the page lists them all. */
const MAX_NAMED = 4;

type Added = Finding & { id: string };

/**
 * The notification for a run's new high and medium anomalies, or none. One per run: a single
 * incident shows in its service, its account and its tags, often over several days, and people
 * want to hear about it once. It leads with the most severe anomaly and names the other cuts.
 */
export function describeNewAnomalies(added: Added[]) {
  const notable = added
    .filter((f) => f.severity !== "low")
    .sort(
      (a, b) =>
        SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] ||
        dimensionRank(a.dimension) - dimensionRank(b.dimension) ||
        Math.abs(b.score) - Math.abs(a.score),
    );
  const lead = notable[0];
  if (!lead) return [];
  const actual = Number(lead.actual);
  const expected = Number(lead.expected);
  const percent =
    expected > 0
      ? ` (${actual >= expected ? "+" : ""}${Math.round((actual / expected - 1) * 100)}%)`
      : "";
  const cause = describeCause(lead.rootCause, lead.currency);
  const leadName = describeDimension(lead.dimension, lead.key);
  const others = [...new Set(notable.map((f) => describeDimension(f.dimension, f.key)))].filter(
    (name) => name !== leadName,
  );
  const days = [...new Set(notable.map((f) => f.day))].sort();
  const more = others.length > MAX_NAMED ? ` and ${others.length - MAX_NAMED} more` : "";
  const body = [
    `${money(actual, lead.currency)} instead of about ${money(expected, lead.currency)}${percent}.`,
    cause ? `${cause}.` : undefined,
    others.length > 0
      ? `Also unusual: ${others.slice(0, MAX_NAMED).join("; ")}${more}.`
      : undefined,
    days.length > 1 ? `${notable.length} anomalies from ${days[0]} to ${days.at(-1)}.` : undefined,
  ].filter(Boolean);
  return [
    {
      title: `Cost anomaly on ${lead.day}: ${leadName} ${money(actual - expected, lead.currency, true)}`,
      body: body.join(" "),
      link: `/costs/anomalies/${lead.id}`,
      data: { anomalyIds: notable.map((f) => f.id), severity: lead.severity },
    },
  ];
}
