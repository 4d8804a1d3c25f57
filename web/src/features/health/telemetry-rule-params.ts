/** The alert rule kinds the form offers, in the words people pick them by. */
export const RULE_KIND_LABELS = {
  health_check_failing: "A health check is failing",
  cost_anomaly: "A cost anomaly is detected",
  metric_threshold: "A metric crosses a threshold",
  metric_absent: "A metric stops reporting",
  metric_anomaly: "A metric behaves anomalously",
  metric_forecast: "A metric's trend reaches a limit soon",
  log_count: "Too many (or too few) matching log lines",
  new_log_pattern: "A new kind of log line appears",
} as const;
export type RuleKind = keyof typeof RULE_KIND_LABELS;

/** The form's text fields, turned into params when the rule is saved. */
export type ParamFields = Record<string, string>;

export const FIELD_DEFAULTS: ParamFields = {
  metric: "",
  matchers: "",
  groupBy: "",
  aggregation: "avg",
  windowMinutes: "5",
  comparator: ">",
  threshold: "",
  stepMinutes: "5",
  historyHours: "48",
  sensitivity: "0.8",
  direction: "both",
  q: "",
  service: "",
  level: "error",
  groupByService: "",
  withinDays: "7",
  limitDirection: "below",
};

const MATCHER = /^\s*([a-zA-Z_][a-zA-Z0-9_.]*)\s*(=~|!~|!=|=)\s*"?(.*?)"?\s*$/;

/**
 * `job=api, env!=dev, host=~web-.*` → label matchers. A part that does not parse is sent as is,
 * so the server names the bad field instead of the form dropping it silently.
 */
export function parseMatchers(text: string) {
  return text
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const m = MATCHER.exec(part);
      return m ? { label: m[1], op: m[2], value: m[3] } : { label: part, op: "=", value: "" };
    });
}

const list = (text: string) =>
  text
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
const num = (text: string) => (text.trim() === "" ? undefined : Number(text));

/** The params object of a rule of this kind, from the form's fields. */
export function paramsOf(kind: RuleKind, f: ParamFields): Record<string, unknown> {
  const selection = {
    metric: f.metric,
    matchers: parseMatchers(f.matchers ?? ""),
    groupBy: list(f.groupBy ?? ""),
  };
  switch (kind) {
    case "metric_threshold":
      return {
        ...selection,
        aggregation: f.aggregation,
        windowMinutes: num(f.windowMinutes ?? ""),
        comparator: f.comparator,
        threshold: num(f.threshold ?? ""),
      };
    case "metric_absent":
      return { ...selection, windowMinutes: num(f.windowMinutes ?? "") };
    case "metric_anomaly":
      return {
        ...selection,
        aggregation: f.aggregation === "rate" ? "avg" : f.aggregation,
        stepMinutes: num(f.stepMinutes ?? ""),
        historyHours: num(f.historyHours ?? ""),
        sensitivity: num(f.sensitivity ?? ""),
        direction: f.direction,
      };
    case "metric_forecast":
      return {
        ...selection,
        threshold: num(f.threshold ?? ""),
        direction: f.limitDirection,
        withinDays: num(f.withinDays ?? ""),
      };
    case "new_log_pattern":
      return {
        ...(f.service ? { service: f.service } : {}),
        ...(f.level ? { minLevel: f.level } : {}),
        windowMinutes: num(f.windowMinutes ?? ""),
      };
    case "log_count":
      return {
        ...(f.q ? { q: f.q } : {}),
        ...(f.service ? { service: f.service } : {}),
        ...(f.level ? { level: f.level } : {}),
        windowMinutes: num(f.windowMinutes ?? ""),
        comparator: f.comparator,
        threshold: num(f.threshold ?? ""),
        groupByService: f.groupByService === "yes",
      };
    default:
      return {};
  }
}

const text = (value: unknown) => (value === undefined || value === null ? "" : String(value));

/** The form's fields for a stored rule's params: what paramsOf turns back into the same params. */
export function fieldsOf(kind: RuleKind, params: Record<string, unknown>): ParamFields {
  const p = params;
  const matchers = Array.isArray(p.matchers)
    ? (p.matchers as { label: string; op?: string; value: string }[])
        .map((m) => `${m.label}${m.op ?? "="}${m.value}`)
        .join(", ")
    : "";
  const selection = {
    ...FIELD_DEFAULTS,
    metric: text(p.metric),
    matchers,
    groupBy: Array.isArray(p.groupBy) ? p.groupBy.join(", ") : "",
  };
  switch (kind) {
    case "metric_threshold":
      return {
        ...selection,
        aggregation: text(p.aggregation),
        windowMinutes: text(p.windowMinutes),
        comparator: text(p.comparator),
        threshold: text(p.threshold),
      };
    case "metric_absent":
      return { ...selection, windowMinutes: text(p.windowMinutes) };
    case "metric_anomaly":
      return {
        ...selection,
        aggregation: text(p.aggregation),
        stepMinutes: text(p.stepMinutes),
        historyHours: text(p.historyHours),
        sensitivity: text(p.sensitivity),
        direction: text(p.direction),
      };
    case "metric_forecast":
      return {
        ...selection,
        threshold: text(p.threshold),
        limitDirection: text(p.direction),
        withinDays: text(p.withinDays),
      };
    case "new_log_pattern":
      return {
        ...FIELD_DEFAULTS,
        service: text(p.service),
        level: text(p.minLevel),
        windowMinutes: text(p.windowMinutes),
      };
    case "log_count":
      return {
        ...FIELD_DEFAULTS,
        q: text(p.q),
        service: text(p.service),
        level: text(p.level),
        windowMinutes: text(p.windowMinutes),
        comparator: text(p.comparator),
        threshold: text(p.threshold),
        groupByService: p.groupByService ? "yes" : "",
      };
    default:
      return FIELD_DEFAULTS;
  }
}

/** A rule's condition in a few words, for the rules list. */
export function describeRule(kind: string, params: Record<string, unknown>): string {
  const p = params as Record<string, string | number | string[] | undefined>;
  const by = Array.isArray(p.groupBy) && p.groupBy.length ? ` by ${p.groupBy.join(", ")}` : "";
  switch (kind) {
    case "metric_threshold":
      return `${p.aggregation}(${p.metric})${by} over ${p.windowMinutes} min ${p.comparator} ${p.threshold}`;
    case "metric_absent":
      return `no ${p.metric} samples${by} for ${p.windowMinutes} min`;
    case "metric_anomaly":
      return `${p.aggregation}(${p.metric})${by} anomalous (score > ${p.sensitivity})`;
    case "metric_forecast":
      return `${p.metric}${by} trend ${p.direction === "above" ? "reaches" : "falls to"} ${p.threshold} within ${p.withinDays} days`;
    case "log_count":
      return `${p.level ?? "all"} lines${p.q ? ` matching "${p.q}"` : ""}${p.service ? ` from ${p.service}` : ""}${p.groupByService ? " per service" : ""} in ${p.windowMinutes} min ${p.comparator} ${p.threshold}`;
    case "new_log_pattern":
      return `new log pattern${p.service ? ` in ${p.service}` : ""}${p.minLevel ? ` (${p.minLevel} or worse)` : ""}`;
    case "health_check_failing": {
      const ids = Array.isArray(p.checkIds) ? p.checkIds.length : 0;
      if (ids === 0) return "any health check failing";
      return ids === 1 ? "its health check failing" : `one of ${ids} health checks failing`;
    }
    case "cost_anomaly":
      return "cost anomaly detected";
    default:
      return kind;
  }
}
