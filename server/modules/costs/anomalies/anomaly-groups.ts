import { dayNumber } from "../analysis/daily-series.ts";
import type { Cause } from "./root-cause.ts";

/*
 * One cost event shows up as many anomaly rows: a runaway Lambda function is anomalous for its
 * service, its billing account and each of its tags, on every day it lasts. Grouping gives the
 * event once: a series' consecutive anomalous days are an episode, and episodes at the same
 * time that explain one another (one's root cause is the other's series, or both have the same
 * root cause) are one group, headed by the episode the others point to.
 */

/** What grouping reads of an anomaly. */
export interface GroupableAnomaly {
  id: string;
  day: string;
  dimension: string;
  key: string;
  currency: string;
  actual: string;
  expected: string;
  deviation: string;
  score: number;
  severity: string;
  status: string;
  rootCause: Cause[];
}

export interface Episode<A extends GroupableAnomaly> {
  dimension: string;
  key: string;
  currency: string;
  firstDay: string;
  lastDay: string;
  /** Its days, oldest first. */
  anomalies: A[];
  /** The day with the largest |deviation|. */
  peak: A;
}

export interface AnomalyGroup<A extends GroupableAnomaly> {
  /** The episode the others point to (their root cause), else the largest. */
  headline: Episode<A>;
  /** The other episodes of the event, largest |deviation| first. */
  related: Episode<A>[];
  firstDay: string;
  lastDay: string;
  severity: string;
  /** Open while any of its days is open. */
  status: "open" | "acknowledged";
}

const SEVERITY_RANK: Record<string, number> = { low: 1, medium: 2, high: 3 };

/** Groups anomalies into events, the newest (by last day) first. */
export function groupAnomalies<A extends GroupableAnomaly>(anomalies: A[]): AnomalyGroup<A>[] {
  const episodes = episodesOf(anomalies);
  const parent = episodes.map((_, i) => i);
  const root = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]!]!;
      i = parent[i]!;
    }
    return i;
  };
  const pointedAt = new Array<number>(episodes.length).fill(0);
  for (let a = 0; a < episodes.length; a++)
    for (let b = a + 1; b < episodes.length; b++) {
      const ea = episodes[a]!;
      const eb = episodes[b]!;
      if (ea.currency !== eb.currency || !overlap(ea, eb)) continue;
      const aExplainsB = causedBy(eb, ea);
      const bExplainsA = causedBy(ea, eb);
      if (aExplainsB) pointedAt[a]!++;
      if (bExplainsA) pointedAt[b]!++;
      if (aExplainsB || bExplainsA || sameCause(ea, eb)) parent[root(a)] = root(b);
    }
  const members = new Map<number, number[]>();
  for (let i = 0; i < episodes.length; i++) {
    const r = root(i);
    const list = members.get(r);
    if (list) list.push(i);
    else members.set(r, [i]);
  }
  const groups = [...members.values()].map((indexes) => {
    const ordered = [...indexes].sort(
      (x, y) => pointedAt[y]! - pointedAt[x]! || size(episodes[y]!) - size(episodes[x]!) || x - y,
    );
    const [headline, ...related] = ordered.map((i) => episodes[i]!);
    related.sort((x, y) => size(y) - size(x));
    const all = [headline!, ...related];
    return {
      headline: headline!,
      related,
      // YYYY-MM-DD sorts as text.
      firstDay: all.map((e) => e.firstDay).sort()[0]!,
      lastDay: all
        .map((e) => e.lastDay)
        .sort()
        .at(-1)!,
      severity: all
        .flatMap((e) => e.anomalies)
        .reduce(
          (s, a) => ((SEVERITY_RANK[a.severity] ?? 0) > (SEVERITY_RANK[s] ?? 0) ? a.severity : s),
          "low",
        ),
      status: all.some((e) => e.anomalies.some((a) => a.status === "open"))
        ? ("open" as const)
        : ("acknowledged" as const),
    };
  });
  return groups.sort(
    (x, y) =>
      y.lastDay.localeCompare(x.lastDay) ||
      size(y.headline) - size(x.headline) ||
      x.headline.key.localeCompare(y.headline.key),
  );
}

/** Each series' runs of anomalous days one day apart. */
function episodesOf<A extends GroupableAnomaly>(anomalies: A[]): Episode<A>[] {
  const bySeries = new Map<string, A[]>();
  for (const a of anomalies) {
    const series = `${a.dimension}\u0000${a.key}\u0000${a.currency}`;
    const list = bySeries.get(series);
    if (list) list.push(a);
    else bySeries.set(series, [a]);
  }
  const episodes: Episode<A>[] = [];
  for (const days of bySeries.values()) {
    days.sort((x, y) => x.day.localeCompare(y.day));
    let run: A[] = [];
    for (const a of days) {
      const last = run.at(-1);
      if (last && dayNumber(a.day) - dayNumber(last.day) > 1) {
        episodes.push(episode(run));
        run = [];
      }
      run.push(a);
    }
    if (run.length > 0) episodes.push(episode(run));
  }
  return episodes;
}

function episode<A extends GroupableAnomaly>(days: A[]): Episode<A> {
  const first = days[0]!;
  const peak = days.reduce((p, a) => (Math.abs(+a.deviation) > Math.abs(+p.deviation) ? a : p));
  return {
    dimension: first.dimension,
    key: first.key,
    currency: first.currency,
    firstDay: first.day,
    lastDay: days.at(-1)!.day,
    anomalies: days,
    peak,
  };
}

const overlap = (a: Episode<GroupableAnomaly>, b: Episode<GroupableAnomaly>) =>
  a.firstDay <= b.lastDay && b.firstDay <= a.lastDay;
/** The sum of |deviation| over its days: how much of the event it carries. */
const size = (e: Episode<GroupableAnomaly>) =>
  e.anomalies.reduce((sum, a) => sum + Math.abs(+a.deviation), 0);

/** Whether `effect`'s peak day names `cause`'s series as what drove it. */
function causedBy(effect: Episode<GroupableAnomaly>, cause: Episode<GroupableAnomaly>): boolean {
  const top = effect.peak.rootCause[0];
  return !!top && top.dimension === cause.dimension && top.key === cause.key;
}

function sameCause(a: Episode<GroupableAnomaly>, b: Episode<GroupableAnomaly>): boolean {
  const x = a.peak.rootCause[0];
  const y = b.peak.rootCause[0];
  return !!x && !!y && x.dimension === y.dimension && x.key === y.key;
}
