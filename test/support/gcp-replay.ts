import { generateKeyPairSync, randomBytes, verify } from "node:crypto";
import { readFileSync } from "node:fs";
import type { IncomingMessage } from "node:http";
import { createServer } from "node:https";
import type { AddressInfo } from "node:net";
import path from "node:path";

/**
 * A local stand-in for the Google Cloud APIs and Google's OAuth token endpoint, over https (the
 * certificate of azure-replay-tls.setup.ts, trusted by every test worker), replaying the payloads
 * in test/fixtures/gcp (see SOURCES.md there). The client libraries do the real work against it:
 * the connector signs a JWT with the test key and exchanges it at the key's token_uri (this
 * server checks the RS256 signature with the key's public half, the audience and the issuer),
 * then the SDKs send the bearer token and follow nextPageToken.
 *
 * What the server adds: it pages every list itself (`pageSize` items a page, nextPageToken = the
 * next offset); aggregated lists are paged by resource, each page regrouped by zone; the fixtures'
 * project id is replaced by the one asked for. The service-account key is made at start with
 * node:crypto: no private key is committed.
 */

const FIXTURES = path.resolve(import.meta.dirname, "../fixtures/gcp");
const FIXTURE_PROJECT = "acme-web-prod";
const fixture = (file: string) => readFileSync(path.join(FIXTURES, file), "utf8");

export interface ReplayResponse {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** Never answers (a timeout for the client). */
  hang?: boolean;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  authorization: string | undefined;
}

type Listed = Record<string, unknown>;

export interface GcpReplay {
  endpoint: string;
  /** A service-account key file (as Google writes it) whose token_uri is this server. */
  key: Record<string, string>;
  keyText: string;
  project: string;
  requests: RecordedRequest[];
  /** The served resources by list; tests remove or add items to simulate changes. */
  data: {
    instances: [string, Listed][];
    disks: [string, Listed][];
    sql: Listed[];
    run: Listed[];
    buckets: Listed[];
  };
  /** Serves these responses, in order, to the next requests whose path and query contain `part`. */
  fail(part: string, ...responses: ReplayResponse[]): void;
  /** Drops the queued failures not served yet. */
  clearFaults(): void;
  close(): Promise<void>;
}

/** `items: { "zones/x": { instances: [...] } }` as [scope, item] pairs, in order. */
function aggregated(file: string, field: string): [string, Listed][] {
  const body = JSON.parse(fixture(file)) as { items: Record<string, Record<string, Listed[]>> };
  return Object.entries(body.items).flatMap(([scope, list]) =>
    (list[field] ?? []).map((item) => [scope, item] as [string, Listed]),
  );
}

const googleError = (status: number, reason: string, message: string): ReplayResponse => ({
  status,
  body: { error: { code: status, message, status: reason, errors: [{ message, reason }] } },
});

/** The CPU fraction (0–1) the replay reports for an instance at a time (ms): easy to recompute. */
export function gcpReplayCpu(instance: string, timeMs: number): number {
  let h = 0;
  for (const c of instance) h = (h * 31 + c.charCodeAt(0)) % 50;
  return (h + ((timeMs / 300_000) % 10)) / 100;
}

export async function startGcpReplay(options: { pageSize?: number } = {}): Promise<GcpReplay> {
  const tlsDir = process.env.GLASSPANE_TEST_AZURE_TLS;
  if (!tlsDir)
    throw new Error("No replay certificate: is azure-replay-tls.setup.ts a globalSetup?");
  const pageSize = options.pageSize ?? 2;
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const keyId = randomBytes(20).toString("hex");
  const accessToken = `ya29.replay-${randomBytes(16).toString("hex")}`;
  const requests: RecordedRequest[] = [];
  const faults: { part: string; response: ReplayResponse }[] = [];
  const data: GcpReplay["data"] = {
    instances: aggregated("compute.instances.aggregatedList.json", "instances"),
    disks: aggregated("compute.disks.aggregatedList.json", "disks"),
    sql: JSON.parse(fixture("sql.instances.list.json")).items,
    run: JSON.parse(fixture("run.services.list.json")).services,
    buckets: JSON.parse(fixture("storage.buckets.list.json")).items,
  };
  let base = "";
  let key: Record<string, string> = {};

  /** The JWT bearer grant: signature by the key, audience this endpoint, issuer the account. */
  function token(form: URLSearchParams): ReplayResponse {
    const bad = (description: string) => ({
      status: 400,
      body: { error: "invalid_grant", error_description: description },
    });
    if (form.get("grant_type") !== "urn:ietf:params:oauth:grant-type:jwt-bearer")
      return { status: 400, body: { error: "unsupported_grant_type" } };
    const [header, claims, signature] = (form.get("assertion") ?? "").split(".");
    if (!header || !claims || !signature) return bad("Invalid JWT.");
    const signed = verify(
      "RSA-SHA256",
      Buffer.from(`${header}.${claims}`),
      publicKey,
      Buffer.from(signature, "base64url"),
    );
    if (!signed) return bad("Invalid JWT Signature.");
    const c = JSON.parse(Buffer.from(claims, "base64url").toString("utf8"));
    if (c.aud !== key.token_uri) return bad("Invalid JWT: audience is not the token URI.");
    if (c.iss !== key.client_email) return bad("Invalid JWT: unknown issuer.");
    if (!String(c.scope).includes("cloud-platform")) return bad("Invalid JWT: no scope.");
    return {
      status: 200,
      body: { access_token: accessToken, expires_in: 3599, token_type: "Bearer" },
    };
  }

  const offsetOf = (url: URL, name: string) => Number(url.searchParams.get(name) ?? 0) || 0;
  const sizeOf = (url: URL, name: string) =>
    Math.min(Number(url.searchParams.get(name) ?? pageSize) || pageSize, pageSize);
  const next = (offset: number, size: number, total: number) =>
    offset + size < total ? String(offset + size) : undefined;
  const forProject = (value: unknown, project: string) =>
    JSON.parse(JSON.stringify(value).replaceAll(FIXTURE_PROJECT, project));

  function aggregatedPage(
    url: URL,
    project: string,
    kind: string,
    field: string,
    all: [string, Listed][],
  ) {
    const offset = offsetOf(url, "pageToken");
    const size = sizeOf(url, "maxResults");
    const items: Record<string, Record<string, Listed[]>> = {};
    for (const [scope, item] of all.slice(offset, offset + size)) {
      items[scope] ??= { [field]: [] };
      items[scope][field]!.push(item);
    }
    return forProject(
      {
        kind,
        id: `projects/${FIXTURE_PROJECT}/aggregated/${field}`,
        items,
        nextPageToken: next(offset, size, all.length),
      },
      project,
    );
  }

  /**
   * Cloud Monitoring's `projects.timeSeries.list` (a ListTimeSeriesResponse): one CPU utilisation
   * series per served instance, a 5-minute aligned mean for each step of the interval asked, the
   * value gcpReplayCpu gives, paged by series.
   */
  function timeSeries(url: URL, project: string) {
    const from = Date.parse(url.searchParams.get("interval.startTime") ?? "");
    const to = Date.parse(url.searchParams.get("interval.endTime") ?? "");
    const all = data.instances.map(([scope, vm]) => {
      const zone = scope.replace("zones/", "");
      const points = [];
      for (let t = Math.ceil(from / 300_000) * 300_000; t < to; t += 300_000)
        points.push({
          interval: { startTime: new Date(t).toISOString(), endTime: new Date(t).toISOString() },
          value: { doubleValue: gcpReplayCpu(String(vm.name), t) },
        });
      return {
        metric: {
          type: "compute.googleapis.com/instance/cpu/utilization",
          labels: { instance_name: vm.name },
        },
        resource: {
          type: "gce_instance",
          labels: { project_id: project, instance_id: vm.id, zone },
        },
        metricKind: "GAUGE",
        valueType: "DOUBLE",
        points: points.reverse(), // Cloud Monitoring answers newest first
      };
    });
    const offset = offsetOf(url, "pageToken");
    return {
      timeSeries: all.slice(offset, offset + pageSize),
      nextPageToken: next(offset, pageSize, all.length),
    };
  }

  function answer(
    method: string,
    url: URL,
    auth: string | undefined,
    form: URLSearchParams,
  ): ReplayResponse {
    const p = url.pathname;
    const queued = faults.findIndex((f) => `${p}${url.search}`.includes(f.part));
    if (queued >= 0) return faults.splice(queued, 1)[0]!.response;
    if (method === "POST" && p === "/token") return token(form);
    if (auth !== `Bearer ${accessToken}`)
      return googleError(401, "UNAUTHENTICATED", "Request had invalid authentication credentials.");
    let m = /^\/compute\/v1\/projects\/([^/]+)\/aggregated\/(instances|disks)$/.exec(p);
    if (m)
      return {
        status: 200,
        body:
          m[2] === "instances"
            ? aggregatedPage(
                url,
                m[1]!,
                "compute#instanceAggregatedList",
                "instances",
                data.instances,
              )
            : aggregatedPage(url, m[1]!, "compute#diskAggregatedList", "disks", data.disks),
      };
    m = /^\/v1\/projects\/([^/]+)\/instances$/.exec(p);
    if (m) {
      const offset = offsetOf(url, "pageToken");
      const size = sizeOf(url, "maxResults");
      return {
        status: 200,
        body: forProject(
          {
            kind: "sql#instancesList",
            items: data.sql.slice(offset, offset + size),
            nextPageToken: next(offset, size, data.sql.length),
          },
          m[1]!,
        ),
      };
    }
    m = /^\/v2\/projects\/([^/]+)\/locations\/-\/services$/.exec(p);
    if (m) {
      const offset = offsetOf(url, "pageToken");
      const size = sizeOf(url, "pageSize");
      return {
        status: 200,
        body: forProject(
          {
            services: data.run.slice(offset, offset + size),
            nextPageToken: next(offset, size, data.run.length),
          },
          m[1]!,
        ),
      };
    }
    m = /^\/v3\/projects\/([^/]+)\/timeSeries$/.exec(p);
    if (m) return { status: 200, body: timeSeries(url, m[1]!) };
    if (p === "/storage/v1/b") {
      const project = url.searchParams.get("project");
      if (!project) return googleError(400, "required", "Required parameter: project");
      const offset = offsetOf(url, "pageToken");
      const size = sizeOf(url, "maxResults");
      return {
        status: 200,
        body: forProject(
          {
            kind: "storage#buckets",
            items: data.buckets.slice(offset, offset + size),
            nextPageToken: next(offset, size, data.buckets.length),
          },
          project,
        ),
      };
    }
    return googleError(404, "NOT_FOUND", `The replay has no ${method} ${p}`);
  }

  const readBody = (req: IncomingMessage) =>
    new Promise<string>((resolve) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    });

  const server = createServer(
    {
      key: readFileSync(path.join(tlsDir, "key.pem")),
      cert: readFileSync(path.join(tlsDir, "cert.pem")),
    },
    async (req, res) => {
      const url = new URL(req.url ?? "/", "https://replay");
      const form = new URLSearchParams(await readBody(req));
      requests.push({
        method: req.method ?? "GET",
        path: url.pathname,
        query: url.searchParams,
        authorization: req.headers.authorization,
      });
      const reply = answer(req.method ?? "GET", url, req.headers.authorization, form);
      if (reply.hang) return;
      res.writeHead(reply.status, { "content-type": "application/json", ...reply.headers });
      res.end(reply.body === undefined ? "" : JSON.stringify(reply.body));
    },
  );
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // The fields of a key file from `gcloud iam service-accounts keys create`.
  key = {
    type: "service_account",
    project_id: FIXTURE_PROJECT,
    private_key_id: keyId,
    private_key: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    client_email: `glasspane-reader@${FIXTURE_PROJECT}.iam.gserviceaccount.com`,
    client_id: "103958371029384756102",
    auth_uri: "https://accounts.google.com/o/oauth2/auth",
    token_uri: `${base}/token`,
    auth_provider_x509_cert_url: "https://www.googleapis.com/oauth2/v1/certs",
    client_x509_cert_url: `https://www.googleapis.com/robot/v1/metadata/x509/glasspane-reader%40${FIXTURE_PROJECT}.iam.gserviceaccount.com`,
    universe_domain: "googleapis.com",
  };
  return {
    endpoint: base,
    key,
    keyText: JSON.stringify(key, null, 2),
    project: FIXTURE_PROJECT,
    requests,
    data,
    fail(part, ...responses) {
      for (const response of responses) faults.push({ part, response });
    },
    clearFaults() {
      faults.length = 0;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
