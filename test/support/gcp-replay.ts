import { createHash, generateKeyPairSync, randomBytes, verify } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { type ComputeOperations, createComputeOperations } from "./gcp-replay-operations.ts";
import {
  type RecordedRequest,
  type ReplayResponse,
  startHttpsReplayServer,
} from "./https-replay.ts";

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

export type { RecordedRequest, ReplayResponse };

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
  /** Instance actions, disk snapshots and deletes, and their zonal operations. */
  operations: ComputeOperations;
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

/** A Compute labelFingerprint: the fixture's own until the labels change, then a hash of them. */
function fingerprintOf(item: Listed): string {
  if (typeof item.labelFingerprint === "string") return item.labelFingerprint;
  const labels = JSON.stringify(Object.entries(item.labels ?? {}).sort());
  return `${createHash("sha256").update(labels).digest("base64").slice(0, 11)}=`;
}

/** The CPU fraction (0–1) the replay reports for an instance at a time (ms): easy to recompute. */
export function gcpReplayCpu(instance: string, timeMs: number): number {
  let h = 0;
  for (const c of instance) h = (h * 31 + c.charCodeAt(0)) % 50;
  return (h + ((timeMs / 300_000) % 10)) / 100;
}

export async function startGcpReplay(options: { pageSize?: number } = {}): Promise<GcpReplay> {
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
  const operations = createComputeOperations(data);
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

  /**
   * `instances.get`/`disks.get`, and their `setLabels`: the labels are replaced only when the
   * request carries the item's current labelFingerprint (else 412 conditionNotMet, as Compute
   * answers), and the answer is a finished zonal Operation.
   */
  function computeItem(method: string, match: string[], raw: string): ReplayResponse {
    const [, project, zone, kind, name, setLabels] = match as [
      string,
      string,
      string,
      string,
      string,
      string?,
    ];
    const found = data[kind as "instances" | "disks"].find(
      ([scope, item]) => scope === `zones/${zone}` && item.name === name,
    )?.[1];
    if (!found)
      return googleError(
        404,
        "notFound",
        `The resource 'projects/${project}/zones/${zone}/${kind}/${name}' was not found`,
      );
    if (!setLabels) {
      if (method !== "GET") return googleError(405, "METHOD_NOT_ALLOWED", `${method} ${kind}`);
      return {
        status: 200,
        body: forProject({ ...found, labelFingerprint: fingerprintOf(found) }, project),
      };
    }
    if (method !== "POST") return googleError(405, "METHOD_NOT_ALLOWED", `${method} setLabels`);
    const body = JSON.parse(raw || "{}") as {
      labels?: Record<string, string>;
      labelFingerprint?: string;
    };
    if (!body.labelFingerprint)
      return googleError(400, "required", "Required field 'labelFingerprint' not specified");
    if (body.labelFingerprint !== fingerprintOf(found))
      return googleError(
        412,
        "conditionNotMet",
        "Labels fingerprint either invalid or resource labels have changed",
      );
    found.labels = body.labels ?? {};
    delete found.labelFingerprint;
    const target = `https://www.googleapis.com/compute/v1/projects/${project}/zones/${zone}/${kind}/${name}`;
    const id = randomBytes(8).readBigUInt64BE().toString();
    return {
      status: 200,
      body: {
        kind: "compute#operation",
        id,
        name: `operation-${id}`,
        zone: `https://www.googleapis.com/compute/v1/projects/${project}/zones/${zone}`,
        operationType: "setLabels",
        targetLink: target,
        targetId: String(found.id ?? ""),
        status: "DONE",
        progress: 100,
        selfLink: `https://www.googleapis.com/compute/v1/projects/${project}/zones/${zone}/operations/operation-${id}`,
      },
    };
  }

  /** `buckets.patch` of labels: a null value removes the label, as the JSON API's patch semantics say. */
  function patchBucket(name: string, raw: string): ReplayResponse {
    const bucket = data.buckets.find((b) => b.name === name);
    if (!bucket) return googleError(404, "notFound", "The specified bucket does not exist.");
    const patch = JSON.parse(raw || "{}") as { labels?: Record<string, string | null> };
    const labels = { ...((bucket.labels as Record<string, string> | undefined) ?? {}) };
    for (const [key, value] of Object.entries(patch.labels ?? {}))
      if (value === null) delete labels[key];
      else labels[key] = value;
    bucket.labels = labels;
    bucket.metageneration = String(Number(bucket.metageneration ?? 1) + 1);
    return { status: 200, body: bucket };
  }

  function answer(request: RecordedRequest, url: URL): ReplayResponse {
    const { method, authorization: auth, body: raw } = request;
    const form = new URLSearchParams(raw);
    const p = url.pathname;
    const queued = faults.findIndex((f) => `${p}${url.search}`.includes(f.part));
    if (queued >= 0) return faults.splice(queued, 1)[0]!.response;
    if (method === "POST" && p === "/token") return token(form);
    if (auth !== `Bearer ${accessToken}`)
      return googleError(401, "UNAUTHENTICATED", "Request had invalid authentication credentials.");
    const operation = operations.answer(request, url);
    if (operation) return operation;
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
    m =
      /^\/compute\/v1\/projects\/([^/]+)\/zones\/([^/]+)\/(instances|disks)\/([^/]+)(\/setLabels)?$/.exec(
        p,
      );
    if (m) return computeItem(method, m as unknown as string[], raw);
    m = /^\/storage\/v1\/b\/([^/]+)$/.exec(p);
    if (m && method === "PATCH") return patchBucket(decodeURIComponent(m[1]!), raw);
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

  const server = await startHttpsReplayServer({
    requests,
    answer,
  });
  base = server.base;
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
    operations,
    fail(part, ...responses) {
      for (const response of responses) faults.push({ part, response });
    },
    clearFaults() {
      faults.length = 0;
    },
    close: server.close,
  };
}
