/** Longest incident title: lists and the public status page show it on one line. */
const MAX_TITLE = 120;

/**
 * What an alert is about, from its labels: the check, else the service (alerts of one service
 * share an incident), else the host, the cost key or the metric. Undefined when the rule alone
 * says it (a log count over every service).
 */
function subjectOf(labels: Record<string, string>): string | undefined {
  if (labels.check) return labels.check;
  if (labels.service) return labels.service;
  if (labels.host) return labels.host;
  if (labels.dimension !== undefined) {
    const key = labels.value || "Total";
    // `tag:client` reads as "client globex"; a FOCUS column's value (a ServiceName) reads alone.
    return labels.dimension.startsWith("tag:") ? `${labels.dimension.slice(4)} ${key}` : key;
  }
  return labels.metric;
}

/**
 * An incident's title from the alert that opens it: the rule's name and what it is about
 * ("Storefront slow · storefront"), short enough to read in a list. The alert's summary, with its
 * numbers, stays on the incident's timeline. Falls back to the summary for an alert without a rule name.
 */
export function incidentTitleOf(alert: TitledAlert) {
  return incidentTitleOfAll([alert]);
}

type TitledAlert = { labels: Record<string, string>; summary: string };

/** Subjects named in a title before "+N more". */
const LISTED_SUBJECTS = 3;

/**
 * The title of an incident its alerts keep open: the first alert's rule ("and 1 other rule"
 * when several) and what they are about ("web-1, web-2 +3 more"), so an incident that outlives
 * the alert that opened it is not named after something that has recovered.
 */
export function incidentTitleOfAll(alerts: TitledAlert[]) {
  const unique = (values: (string | undefined)[]) => [
    ...new Set(values.filter((v): v is string => Boolean(v))),
  ];
  const rules = unique(alerts.map((a) => a.labels.alertname));
  if (rules.length === 0) return (alerts[0]?.summary ?? "").slice(0, MAX_TITLE);
  const subjects = unique(alerts.map((a) => subjectOf(a.labels))).filter((s) => !rules.includes(s));
  const others = rules.length - 1;
  const head = others ? `${rules[0]} and ${others} other rule${others > 1 ? "s" : ""}` : rules[0]!;
  const listed = subjects.slice(0, LISTED_SUBJECTS).join(", ");
  const more =
    subjects.length > LISTED_SUBJECTS ? ` +${subjects.length - LISTED_SUBJECTS} more` : "";
  const title = listed ? `${head} · ${listed}${more}` : head;
  return title.length > MAX_TITLE ? `${title.slice(0, MAX_TITLE - 1)}…` : title;
}
