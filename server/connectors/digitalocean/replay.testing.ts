import { readFileSync } from "node:fs";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";

/**
 * A local stand-in for api.digitalocean.com that replays the examples of DigitalOcean's own
 * OpenAPI specification (test/fixtures/digitalocean). It checks the Bearer token, paginates
 * lists the way the API does (`links.pages.next` pointing at api.digitalocean.com), and can be
 * told to fail: queued responses per path are served before the real one. Droplet monitoring
 * metrics are answered with the specification's examples moved into the asked window.
 */

const FIXTURES = join(import.meta.dirname, "../../../test/fixtures/digitalocean");
const fixture = (name: string) =>
  JSON.parse(readFileSync(join(FIXTURES, `${name}.json`), "utf8")) as Record<string, unknown>;

/** List endpoints: path → [property, fixture file]. */
const LISTS: Record<string, [string, string]> = {
  "/v2/droplets": ["droplets", "droplets"],
  "/v2/volumes": ["volumes", "volumes"],
  "/v2/databases": ["databases", "databases"],
  "/v2/load_balancers": ["load_balancers", "load_balancers"],
  "/v2/vpcs": ["vpcs", "vpcs"],
  "/v2/firewalls": ["firewalls", "firewalls"],
  "/v2/domains": ["domains", "domains"],
  "/v2/kubernetes/clusters": ["kubernetes_clusters", "kubernetes_clusters"],
  "/v2/customers/my/invoices": ["invoices", "invoices"],
};
const RECORDS = /^\/v2\/domains\/([^/]+)\/records$/;
const INVOICE_CSV = /^\/v2\/customers\/my\/invoices\/([^/]+)\/csv$/;
const INVOICE_LINES = readFileSync(join(FIXTURES, "../billing/digitalocean-invoice.csv"), "utf8");

/**
 * An invoice's CSV: the billing fixture's lines (September 2024) moved to the invoice's month, so
 * each invoice of invoices.json has usage in its own period; unknown invoices are a 404.
 */
function invoiceCsv(uuid: string): ReplayResponse {
  const list = fixture("invoices") as {
    invoices: { invoice_uuid: string; invoice_period: string }[];
    invoice_preview: { invoice_uuid: string; invoice_period: string };
  };
  const invoice = [...list.invoices, list.invoice_preview].find((i) => i.invoice_uuid === uuid);
  if (!invoice) return { status: 404, body: { id: "not_found", message: "invoice not found" } };
  const [year, month] = invoice.invoice_period.split("-").map(Number) as [number, number];
  const next = new Date(Date.UTC(year, month, 1)).toISOString().slice(0, 7);
  const csv = INVOICE_LINES.replaceAll("2024-10-01", `${next}-01`).replaceAll(
    "2024-09",
    invoice.invoice_period,
  );
  return { status: 200, headers: { "content-type": "text/csv" }, body: csv };
}

const MONITORING = /^\/v2\/monitoring\/metrics\/droplet\/([a-z_0-9]+)$/;
/** The spacing of the specification's monitoring examples; their times are multiples of it. */
export const MONITORING_STEP_S = 120;
/**
 * memory_total and memory_available have no example in the specification (metric_response.yml
 * has only the schema): they are answered in the droplet examples' shape (one series labelled
 * with host_id, the filesystem example's times) with these values, a 2 GiB droplet.
 */
export const REPLAY_MEMORY_TOTAL = "2147483648";
export const REPLAY_MEMORY_AVAILABLE = ["1610612736", "1073741824", "536870912"];
/** filesystem_free has no example either: the filesystem_size example's values times this. */
export const REPLAY_FILESYSTEM_FREE_SHARE = 0.375;

type MetricsBody = {
  status: string;
  data: { resultType: string; result: { metric: Record<string, string>; values: unknown[][] }[] };
};

/** The example answering one droplet metric, before it is moved to the request's window. */
function monitoringExample(metric: string, query: URLSearchParams): MetricsBody | null {
  const copy = (name: string) => structuredClone(fixture(name)) as unknown as MetricsBody;
  const retimed = (values: string[]) => {
    const body = copy("droplet_filesystem");
    const [series] = body.data.result;
    body.data.result = [
      {
        metric: { host_id: series!.metric.host_id! },
        values: series!.values.map(([time], i) => [time, values[i]]),
      },
    ];
    return body;
  };
  switch (metric) {
    case "cpu":
      return copy("droplet_cpu");
    case "bandwidth": {
      const body = copy("droplet_bandwidth");
      for (const series of body.data.result)
        Object.assign(series.metric, {
          interface: query.get("interface") ?? "",
          direction: query.get("direction") ?? "",
        });
      return body;
    }
    case "filesystem_size":
      return copy("droplet_filesystem");
    case "filesystem_free": {
      const body = copy("droplet_filesystem");
      for (const series of body.data.result)
        series.values = series.values.map(([time, v]) => [
          time,
          String(Number(v) * REPLAY_FILESYSTEM_FREE_SHARE),
        ]);
      return body;
    }
    case "memory_total":
      return retimed(REPLAY_MEMORY_AVAILABLE.map(() => REPLAY_MEMORY_TOTAL));
    case "memory_available":
      return retimed(REPLAY_MEMORY_AVAILABLE);
    default:
      return null;
  }
}

/**
 * A droplet metric: the specification's example for it, labelled with the asked droplet and moved
 * by whole steps so its first point is the first step at or after `start` (points after `end`
 * are left out), as a Prometheus range query aligns them.
 */
function monitoringAnswer(metric: string, query: URLSearchParams): ReplayResponse {
  const start = Number(query.get("start"));
  const end = Number(query.get("end"));
  const hostId = query.get("host_id");
  const bandwidth = metric === "bandwidth";
  if (
    !hostId ||
    !start ||
    !end ||
    (bandwidth && !(query.get("interface") && query.get("direction")))
  )
    return { status: 400, body: { id: "bad_request", message: "missing query parameters" } };
  const body = monitoringExample(metric, query);
  if (!body) return { status: 404, body: { id: "not_found", message: "not found" } };
  const first = Number(body.data.result[0]?.values[0]?.[0]);
  const shift = Math.ceil(start / MONITORING_STEP_S) * MONITORING_STEP_S - first;
  for (const series of body.data.result) {
    series.metric.host_id = hostId;
    series.values = series.values
      .map(([time, value]) => [Number(time) + shift, value])
      .filter(([time]) => Number(time) <= end);
  }
  return { status: 200, body };
}

export interface ReplayResponse {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

/**
 * The state-changing calls: droplet actions, volume snapshots and deletion, tags, answered with the
 * specification's examples carrying the request's own ids and names.
 */
function answerChange(method: string, path: string, body: Record<string, unknown>): ReplayResponse {
  const droplet = /^\/v2\/droplets\/(\d+)\/actions$/.exec(path);
  if (method === "POST" && droplet) {
    const { action } = fixture("droplet_action") as { action: Record<string, unknown> };
    return {
      status: 201,
      body: {
        action: {
          ...action,
          status: "in-progress",
          type: body.type,
          resource_id: Number(droplet[1]),
          completed_at: null,
        },
      },
    };
  }
  const snapshot = /^\/v2\/volumes\/([^/]+)\/snapshots$/.exec(path);
  if (method === "POST" && snapshot) {
    const { snapshot: example } = fixture("volume_snapshot") as {
      snapshot: Record<string, unknown>;
    };
    return {
      status: 201,
      body: { snapshot: { ...example, name: body.name, resource_id: snapshot[1] } },
    };
  }
  if (method === "DELETE" && /^\/v2\/volumes\/[^/]+$/.test(path)) return { status: 204 };
  if (method === "POST" && path === "/v2/tags") {
    const { tag } = fixture("tag") as { tag: Record<string, unknown> };
    return { status: 201, body: { tag: { ...tag, name: body.name } } };
  }
  // Tag and untag: 204 No Content, as the specification answers both.
  if (/^\/v2\/tags\/[^/]+\/resources$/.test(path) && Array.isArray(body.resources))
    return { status: 204 };
  return { status: 404, body: { id: "not_found", message: "not found" } };
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  at: number;
  /** The JSON body sent, `{}` for none. */
  body: Record<string, unknown>;
}

export interface DigitalOceanReplay {
  url: string;
  token: string;
  requests: RecordedRequest[];
  /** Serves these responses, in order, to the next requests for `path` (then the fixture). */
  fail(path: string, ...responses: ReplayResponse[]): void;
  close(): Promise<void>;
}

export async function startDigitalOceanReplay(
  options: {
    token?: string;
    pageSize?: number;
    /** Replaces a list's items, e.g. `{ droplets: [...10,000 droplets] }`. */
    items?: Record<string, unknown[]>;
    latencyMs?: number;
  } = {},
): Promise<DigitalOceanReplay> {
  const token = options.token ?? "dop_v1_replaytoken0000000000000000";
  const pageSize = options.pageSize ?? 2;
  const requests: RecordedRequest[] = [];
  const faults = new Map<string, ReplayResponse[]>();

  function answer(
    method: string,
    path: string,
    query: URLSearchParams,
    auth: string | undefined,
    body: Record<string, unknown>,
  ): ReplayResponse {
    const queued = faults.get(path)?.shift();
    if (queued) return queued;
    if (auth !== `Bearer ${token}`)
      return { status: 401, body: { id: "unauthorized", message: "Unable to authenticate you" } };
    if (method !== "GET") return answerChange(method, path, body);
    if (path === "/v2/account") return { status: 200, body: fixture("account") };
    const metric = MONITORING.exec(path)?.[1];
    if (metric) return monitoringAnswer(metric, query);
    const csvOf = INVOICE_CSV.exec(path)?.[1];
    if (csvOf) return invoiceCsv(csvOf);
    const recordsOf = RECORDS.exec(path)?.[1];
    const list: [string, string] | undefined = recordsOf
      ? ["domain_records", "domain_records"]
      : LISTS[path];
    if (!list) return { status: 404, body: { id: "not_found", message: "not found" } };
    const [key, file] = list;
    const items = options.items?.[key] ?? (fixture(file)[key] as unknown[]);
    const extra = key === "invoices" ? { invoice_preview: fixture(file).invoice_preview } : {};
    const page = Math.max(1, Number(query.get("page") ?? 1));
    const slice = items.slice((page - 1) * pageSize, page * pageSize);
    const hasNext = page * pageSize < items.length;
    const next = `https://api.digitalocean.com${path}?page=${page + 1}&per_page=${pageSize}`;
    return {
      status: 200,
      body: {
        [key]: slice,
        ...extra,
        links: { pages: hasNext ? { next } : {} },
        meta: { total: items.length },
      },
    };
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://replay");
      const text = Buffer.concat(chunks).toString("utf8");
      const body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
      const method = req.method ?? "GET";
      requests.push({
        method,
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        at: Date.now(),
        body,
      });
      const reply = answer(method, url.pathname, url.searchParams, req.headers.authorization, body);
      const send = () => {
        res.writeHead(reply.status, { "content-type": "application/json", ...reply.headers });
        res.end(
          reply.body === undefined
            ? ""
            : typeof reply.body === "string"
              ? reply.body
              : JSON.stringify(reply.body),
        );
      };
      if (options.latencyMs) setTimeout(send, options.latencyMs);
      else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    token,
    requests,
    fail(path, ...responses) {
      faults.set(path, [...(faults.get(path) ?? []), ...responses]);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
