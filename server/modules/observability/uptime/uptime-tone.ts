// How uptime reads, the same on the public status page and in the app.

/** Uptime as a percentage floored to 0.01 (99.999 % is not "100.00 %"); "–" with no runs. */
export function uptimePercent(ratio: number | null | undefined): string {
  return ratio === null || ratio === undefined
    ? "–"
    : `${(Math.floor(ratio * 10_000) / 100).toFixed(2)} %`;
}

/** A day by the share of its runs that were up: 99.9 % and over, 95 % and over, less, none. */
export function dayTone(uptime: number | null): "up" | "partial" | "down" | "none" {
  if (uptime === null) return "none";
  if (uptime >= 0.999) return "up";
  if (uptime >= 0.95) return "partial";
  return "down";
}
