import { type DailyPoint, dateOfDay, dayNumber } from "./daily-series.ts";
import { seededRandom } from "./seeded-random.ts";

/** Standard normal draws from a uniform source (Box–Muller). */
export function normalFrom(random: () => number): () => number {
  return () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

export interface SyntheticSpec {
  start: string;
  days: number;
  level: number;
  /** Added per day. */
  slope?: number;
  /** Multiplier per weekday, index 0 = Sunday. */
  weekly?: readonly number[];
  /** Standard deviation of the daily noise, as a share of the level. */
  noise?: number;
  /** Extra cost on given day indexes (0 = `start`). */
  spikes?: Readonly<Record<number, number>>;
  /** From this day index on, the level is multiplied by `factor`. */
  shift?: { at: number; factor: number };
  seed?: number;
}

/** A daily cost series with known structure: level, trend, weekly shape, noise, spikes, shift. */
export function syntheticSeries(spec: SyntheticSpec): DailyPoint[] {
  const normal = normalFrom(seededRandom(spec.seed ?? 1));
  const first = dayNumber(spec.start);
  return Array.from({ length: spec.days }, (_, t) => {
    const day = first + t;
    const shifted = spec.shift && t >= spec.shift.at ? spec.shift.factor : 1;
    const base = (spec.level + (spec.slope ?? 0) * t) * shifted;
    const weekday = (((day + 4) % 7) + 7) % 7;
    const seasonal = base * (spec.weekly?.[weekday] ?? 1);
    const value = seasonal + (spec.noise ?? 0) * spec.level * normal() + (spec.spikes?.[t] ?? 0);
    return { date: dateOfDay(day), value: Math.max(0, value) };
  });
}

/** Weekdays cost the full level, weekends 40 % of it (development machines off). */
export const WORKWEEK = [0.4, 1, 1, 1, 1, 1, 0.4] as const;
