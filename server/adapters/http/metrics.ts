import client from "prom-client";

/** Prometheus metrics of this process: Node defaults plus per-operation request counts. */
export function createMetrics() {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry, prefix: "glasspane_" });
  const requests = new client.Counter({
    name: "glasspane_http_requests_total",
    help: "HTTP requests by operation and status code",
    labelNames: ["operation", "status"] as const,
    registers: [registry],
  });
  const duration = new client.Histogram({
    name: "glasspane_http_request_duration_seconds",
    help: "HTTP request duration by operation",
    labelNames: ["operation"] as const,
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const websockets = new client.Gauge({
    name: "glasspane_websocket_connections",
    help: "Open realtime WebSocket connections",
    registers: [registry],
  });
  // Label lookups hash the label set on every call; the children are kept per operation.
  const children = new Map<
    string,
    {
      count: client.Counter.Internal;
      observe: client.Histogram.Internal<"operation">;
    }
  >();
  function record(operation: string, status: number, seconds: number) {
    const key = `${operation} ${status}`;
    let child = children.get(key);
    if (!child) {
      child = {
        count: requests.labels({ operation, status: String(status) }),
        observe: duration.labels({ operation }),
      };
      children.set(key, child);
    }
    child.count.inc();
    child.observe.observe(seconds);
  }
  return { registry, record, websockets };
}

export type Metrics = ReturnType<typeof createMetrics>;
