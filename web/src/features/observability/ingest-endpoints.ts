/** Where senders send, and how each presents its ingest key (server/adapters/ingest). */
export interface IngestEndpoint {
  signal: "Logs" | "Metrics";
  what: string;
  path: string;
  /** How this kind of sender presents the key. */
  key: string;
}

/** Every HTTP ingest endpoint: logs and metrics alike take the same keys. */
export const INGEST_ENDPOINTS: readonly IngestEndpoint[] = [
  {
    signal: "Logs",
    what: "OTLP/HTTP (JSON or protobuf)",
    path: "/v1/logs",
    key: "header Authorization: Bearer gpk_…",
  },
  {
    signal: "Logs",
    what: "Loki push (JSON)",
    path: "/loki/api/v1/push",
    key: "Bearer, or as the basic-auth password (any user name)",
  },
  {
    signal: "Logs",
    what: "JSON or NDJSON lines",
    path: "/ingest/v1/logs",
    key: "Bearer, or header X-Glasspane-Ingest-Key: gpk_…",
  },
  {
    signal: "Metrics",
    what: "OTLP/HTTP (JSON or protobuf)",
    path: "/v1/metrics",
    key: "header Authorization: Bearer gpk_…",
  },
  {
    signal: "Metrics",
    what: "Prometheus remote_write",
    path: "/prometheus/api/v1/write",
    key: "remote_write authorization: { credentials: gpk_… } (a Bearer header)",
  },
];
