// Failure risk: how each signal becomes a probability and how the probabilities combine.
//
// Every signal Glass Pane already stores (a check's recent runs, open alerts and incidents, a
// capacity trend, an error-log surge, recent changes) is read as "the chance, on its own, that
// the entity fails within 7 days". The numbers below are priors chosen by hand from how on-call
// teams read these signals, not fitted to data; each says what it means where it is defined.
// Signals are treated as independent causes and combined with a noisy-OR:
//   score = 1 − Π (1 − pᵢ)
// so one strong signal is enough for a high score, weak ones add up without passing 1, and every
// factor's share can be read off (it is the pᵢ shown as its weight).

/** The horizon every prior below is stated for. */
export const BASE_HORIZON_DAYS = 7;

export type RiskSignal =
  | "check_down"
  | "check_failures"
  | "check_flapping"
  | "latency_rising"
  | "alert_open"
  | "metric_anomaly"
  | "incident"
  | "capacity"
  | "error_logs_rising"
  | "recent_changes";

export type LinkKind = "check" | "alert" | "incident" | "resource" | "service" | "logs" | "metric";

export interface RiskFactor {
  signal: RiskSignal;
  /** This signal's probability of a failure within the horizon (its term in the noisy-OR). */
  weight: number;
  summary: string;
  evidence: Record<string, string | number | null>;
  at: Date | null;
  link: { kind: LinkKind; id: string };
}

export type EntityKind = "service" | "resource" | "check";

export interface RiskEntity {
  kind: EntityKind;
  /** The service name, resource id or check id. */
  id: string;
  name: string;
  score: number;
  level: "low" | "medium" | "high";
  factors: RiskFactor[];
}

/** At or above: "high" — more likely than not to fail within the horizon, act now. */
/** An instant in a factor's sentence, readable and zone-explicit: "2026-11-26 13:54 UTC". */
export const readableUtc = (at: Date) => `${at.toISOString().slice(0, 16).replace("T", " ")} UTC`;

export const HIGH_AT = 0.6;
/** At or above: "medium" — about one chance in four, worth a look. */
export const MEDIUM_AT = 0.25;

/**
 * A 7-day prior restated for another horizon, assuming a constant hazard:
 * 1 − (1 − p)^(h / 7). A signal that is already a failure (a check down) is not scaled.
 */
export function overHorizon(p7: number, horizonDays: number): number {
  return 1 - (1 - p7) ** (horizonDays / BASE_HORIZON_DAYS);
}

/** Noisy-OR of the factors' weights. */
export function combine(weights: readonly number[]): number {
  return 1 - weights.reduce((rest, w) => rest * (1 - Math.min(Math.max(w, 0), 1)), 1);
}

export function levelOf(score: number): RiskEntity["level"] {
  return score >= HIGH_AT ? "high" : score >= MEDIUM_AT ? "medium" : "low";
}

/** Keeps weights readable (3 decimals) without changing the ranking. */
export const round3 = (n: number) => Math.round(n * 1000) / 1000;

/** Collects factors per entity and ranks the entities by their combined score. */
export class RiskBoard {
  private readonly entities = new Map<string, Omit<RiskEntity, "score" | "level">>();

  add(kind: EntityKind, id: string, name: string, factor: RiskFactor) {
    const key = `${kind}:${id}`;
    const entity = this.entities.get(key) ?? { kind, id, name, factors: [] };
    entity.factors.push({ ...factor, weight: round3(factor.weight) });
    this.entities.set(key, entity);
  }

  /** Entities with at least one factor, riskiest first; factors strongest first. */
  ranked(): RiskEntity[] {
    return [...this.entities.values()]
      .map((e) => {
        const score = round3(combine(e.factors.map((f) => f.weight)));
        const factors = [...e.factors].sort((a, b) => b.weight - a.weight);
        return { ...e, factors, score, level: levelOf(score) };
      })
      .sort((a, b) => b.score - a.score || a.name.localeCompare(b.name));
  }
}
