import client, { type Registry } from "prom-client";
import type { LogWriter } from "../../modules/observability/logs/log-writer.ts";
import type { IngestBudget } from "./ingest-budget.ts";
import type { SyslogListeners } from "./syslog-listeners.ts";

/**
 * Ingest back-pressure as Prometheus metrics on /metrics: what is held against the budget, how
 * many requests were answered 429, lines waiting for a commit, syslog TCP pauses and UDP
 * datagrams dropped (UDP has no way to slow a sender, so drops are counted instead).
 */
export function registerIngestMetrics(
  registry: Registry,
  deps: {
    budget: IngestBudget;
    writer: LogWriter;
    syslog?: SyslogListeners;
    /** 429 answers of any cause (budget full, log writer or metric writes full). */
    refusals: () => number;
  },
) {
  const gauge = (name: string, help: string, value: () => number) =>
    new client.Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        this.set(value());
      },
    });
  const counter = (name: string, help: string, value: () => number) =>
    new client.Counter({
      name,
      help,
      registers: [registry],
      collect() {
        this.reset();
        this.inc(value());
      },
    });
  gauge(
    "glasspane_ingest_inflight_bytes",
    "Ingest body bytes held now (admitted, not yet answered)",
    () => deps.budget.stats().held,
  );
  gauge(
    "glasspane_ingest_inflight_bytes_limit",
    "The in-flight ingest budget (GLASSPANE_INGEST_MAX_INFLIGHT_BYTES)",
    () => deps.budget.maxBytes,
  );
  gauge(
    "glasspane_ingest_inflight_bytes_peak",
    "Most ingest body bytes held at once since start",
    () => deps.budget.stats().peak,
  );
  counter(
    "glasspane_ingest_refused_total",
    "Ingest requests answered 429 (budget or writers full)",
    deps.refusals,
  );
  gauge("glasspane_ingest_pending_lines", "Log lines accepted and waiting for their commit", () =>
    deps.writer.pendingLines(),
  );
  counter(
    "glasspane_syslog_udp_dropped_total",
    "Syslog UDP datagrams dropped because ingest was saturated",
    () => deps.syslog?.dropped() ?? 0,
  );
  counter(
    "glasspane_syslog_tcp_throttled_total",
    "Times a syslog TCP sender was held (socket paused) until the log writer drained",
    () => deps.syslog?.throttled() ?? 0,
  );
}
