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
export function incidentTitleOf(alert: { labels: Record<string, string>; summary: string }) {
  const rule = alert.labels.alertname;
  if (!rule) return alert.summary.slice(0, MAX_TITLE);
  const subject = subjectOf(alert.labels);
  const title = subject && subject !== rule ? `${rule} · ${subject}` : rule;
  return title.length > MAX_TITLE ? `${title.slice(0, MAX_TITLE - 1)}…` : title;
}
