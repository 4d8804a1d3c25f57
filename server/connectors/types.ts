/**
 * The connector contract (issue #4). README for connector authors:
 * 1. One folder per provider: server/connectors/<provider>/. Adding a provider touches no other
 *    folder except one line in server/connectors/registry.ts (the inventory owner adds it).
 * 2. Export from server/connectors/<provider>/index.ts a `ProviderDefinition` named
 *    `<provider>Provider` (e.g. `digitaloceanProvider`): its zod `zCredentials` (a union on
 *    `method`, one member per auth method), `createConnector(options)`, rate limits, the
 *    least-privilege policy text for the connect wizard, and `describeCredentials` (masked).
 * 3. `scopes()` lists units that succeed or fail whole (one service in one region). The engine
 *    scans scopes concurrently; a scope that throws is "failed" and its resources are never
 *    marked deleted. So throw on any error inside a scope — never return a partial list.
 * 4. Wrap EVERY remote call in `ctx.call(label, fn)`: rate limiter + retry with backoff and jitter
 *    on 429/Throttling/RequestLimitExceeded/5xx/timeouts. Disable SDK-internal retries.
 * 5. Paginate everything; yield one `DiscoveredResource` per resource; fill `costResourceId`
 *    with the FOCUS ResourceId the provider bills under (ARN, droplet id, …) or null.
 * 6. HTTP without an SDK goes through `options.http` (SSRF rules). Honour `options.endpoint`.
 */
import type { z } from "zod";
import type { OutboundHttp } from "../platform/http/outbound.ts";

export type Provider = "aws" | "azure" | "gcp" | "digitalocean" | "cloudflare" | "host";
export const PROVIDERS = ["aws", "azure", "gcp", "digitalocean", "cloudflare", "host"] as const;
export type RelationType = "attached-to" | "member-of" | "routes-to" | "depends-on";
export const RELATION_TYPES = ["attached-to", "member-of", "routes-to", "depends-on"] as const;

export interface DiscoveredResource {
  nativeId: string; // provider's id / ARN, unique within provider+account
  provider: Provider;
  account: string;
  region: string; // "global" when not regional
  /** Normalised taxonomy: compute.vm, storage.volume, storage.bucket, db.instance,
   * compute.function, network.lb, network.vpc, network.security-group, dns.zone, dns.record,
   * cdn.worker, k8s.cluster, host, network.ip … */
  type: string;
  nativeType: string;
  name: string;
  state: string | null;
  tags: Record<string, string>;
  createdAt: Date | null;
  costResourceId: string | null; // the FOCUS ResourceId this resource bills under
  /** JSON-serialisable only (dates as ISO strings). Compliance rules read these names where
   * they apply: buckets `isPublic`; security groups/firewalls `ingress: [{ protocol, fromPort,
   * toPort, cidrs }]`; volumes `encrypted`, `attachedInstanceIds`; databases `storageEncrypted`;
   * VMs `volumeIds`; IPs state "associated" | "unassociated". Leave out what you do not know. */
  attributes: Record<string, unknown>;
  relations: { type: RelationType; targetNativeId: string }[];
}

/** A unit of discovery that succeeds or fails as a whole (e.g. one service in one region). */
export interface ScanScope {
  region: string;
  service: string;
}

export interface ConnectorContext {
  signal: AbortSignal;
  /**
   * Runs one remote call under the provider's rate limiter, retrying transient failures
   * (see isTransientError in retry.ts) with exponential backoff and full jitter. `fn` gets the
   * scan's abort signal. Rethrows the last error when attempts are exhausted.
   */
  call<T>(label: string, fn: (signal: AbortSignal) => Promise<T>): Promise<T>;
}

export interface Connector {
  provider: Provider;
  testConnection(ctx: ConnectorContext): Promise<{ account: string; detail: string }>;
  scopes(ctx: ConnectorContext): Promise<ScanScope[]>;
  scan(scope: ScanScope, ctx: ConnectorContext): AsyncIterable<DiscoveredResource>;
  /**
   * Metric samples of discovered resources for [from, to). Optional: providers without a metrics
   * API leave it out. Yields batches as they arrive; throws (after ctx.call's retries) on error.
   */
  pullMetrics?(request: MetricPullRequest, ctx: ConnectorContext): AsyncIterable<PulledSample[]>;
  /**
   * Billing files for the calendar months touching [from, to), in a format the cost importer
   * reads (FOCUS CSV, a provider's invoice CSV …). Each file covers whole billing periods, so
   * importing it replaces what the ledger held for them. Optional like pullMetrics.
   */
  pullCosts?(request: CostPullRequest, ctx: ConnectorContext): Promise<PulledCostFile[]>;
  /** Changes a resource (stop, snapshot, delete …); absent when the provider has no actions. */
  actions?: ResourceActions;
  /** Writes a resource's tags (labels) back to the provider; absent when it cannot. */
  tags?: ResourceTags;
}

/** The inventory's view of a resource whose tags are written, with the tags it has now. */
export interface TagTarget extends ActionTarget {
  tags: Record<string, string>;
}

/** Tags to set (added or overwritten) and keys to remove, in one call. */
export interface TagChange {
  set: Record<string, string>;
  remove: string[];
}

/**
 * Tag write-back (the tag editor). The provider's own limits are checked before anything is
 * sent, so a bad key is refused with the reason instead of failing half-way.
 */
export interface ResourceTags {
  /** Why this resource's tags cannot be written here (type not taggable), or null. */
  refusal(target: TagTarget): string | null;
  /** Why one tag breaks the provider's rules (length, characters, reserved prefix), or null. */
  invalidTag(key: string, value: string): string | null;
  /** Most tags one resource may carry at this provider. */
  maxTags: number;
  /** Sends the change; idempotent calls may be retried through ctx.call. */
  write(target: TagTarget, change: TagChange, ctx: ConnectorContext): Promise<{ detail: string }>;
}

/**
 * What Glass Pane can do to a resource through its provider: the remediation playbooks (stop an
 * idle instance, snapshot then delete an unattached volume) are built on these. `restart` is a
 * VM reboot (Azure restart, Compute Engine reset); `deallocate` releases an Azure VM's hardware,
 * which is what ends its compute billing (a VM that is only stopped there is still billed).
 * `pause` and `unpause` take a Cloudflare zone off its proxy (DNS only) and back; `purge` empties
 * a zone's cache, whole or for the URLs given.
 */
export const RESOURCE_ACTIONS = [
  "stop",
  "start",
  "restart",
  "deallocate",
  "snapshot",
  "delete",
  "pause",
  "unpause",
  "purge",
] as const;
export type ResourceAction = (typeof RESOURCE_ACTIONS)[number];

/** The inventory's view of the resource an action targets. */
export interface ActionTarget {
  nativeId: string;
  type: string;
  region: string;
  name: string;
  state: string | null;
  attributes: Record<string, unknown>;
}

export interface ActionOutcome {
  /** The resource's state as the provider reported it after the call ("stopping", "deleted"). */
  state: string | null;
  /** What happened, in a sentence. */
  detail: string;
  /** Native id of what the action created (a snapshot), if anything. */
  createdNativeId?: string;
}

/**
 * What a `purge` empties: absolute http(s) URLs already checked to be under the zone. Both empty:
 * everything. Files are exact URLs; prefixes cover every URL that starts with one.
 */
export interface CachePurge {
  files: string[];
  prefixes: string[];
}

export interface ResourceActions {
  /**
   * The action that ends a VM's compute billing where `stop` alone does not (Azure: deallocate).
   * Absent: stopping already does.
   */
  billingStop?: ResourceAction;
  /** Why `action` cannot be done to `target` (wrong type or state), or null when it can. */
  refusal(action: ResourceAction, target: ActionTarget): string | null;
  /**
   * Does it. Idempotent actions (stop, start, delete) may be retried through ctx.call; an action
   * that creates something (snapshot) is sent once, so a lost answer never makes two.
   */
  perform(
    action: ResourceAction,
    target: ActionTarget,
    ctx: ConnectorContext,
    options: { snapshotName: string; purge?: CachePurge },
  ): Promise<ActionOutcome>;
}

/** A discovered resource whose metrics are wanted. */
export interface MetricTarget {
  nativeId: string;
  type: string;
  region: string;
  name: string;
}

export interface MetricPullRequest {
  targets: MetricTarget[];
  from: Date;
  to: Date;
}

/** One sample of one resource; `labels` do not repeat the resource (the caller adds it). */
export interface PulledSample {
  nativeId: string;
  name: string;
  labels: Record<string, string>;
  time: Date;
  value: number;
}

export interface CostPullRequest {
  from: Date;
  to: Date;
}

export interface PulledCostFile {
  fileName: string;
  /** The file's text (CSV with a header row). */
  content: string;
}

export interface ConnectorOptions<C> {
  credentials: C;
  /** Regions chosen by the user; empty = the provider's defaults (or all it can list). */
  regions: string[];
  /** Custom API endpoint (LocalStack, MinIO, sovereign clouds, tests); null = provider's own. */
  endpoint: string | null;
  /** SSRF-guarded HTTP client for REST calls made without an SDK. */
  http: OutboundHttp;
  /** Deadline of one remote call in ms (default: the connector's own, e.g. 30 s). */
  requestTimeoutMs?: number;
  /**
   * For connectors that open their own sockets to user-given hosts (SSH): why an address may not
   * be reached under the workspace's target policy, or null when it may. Absent = no rule.
   */
  refuseAddress?: (address: string) => string | null;
  /** Where the SSH host key seen on first connect is kept (trust on first use). */
  hostKeys?: HostKeyStore;
}

/** The host key recorded for one connector: recorded once, then every connection must match. */
export interface HostKeyStore {
  get(): Promise<{ keyType: string; fingerprint: string; firstSeenAt: Date } | null>;
  record(key: { keyType: string; fingerprint: string; host: string; port: number }): Promise<void>;
}

export interface RateLimit {
  /** Scopes scanned at once for one connector. */
  concurrency: number;
  /** Sustained remote calls per second (token bucket), per connector. */
  requestsPerSecond: number;
  /** Burst size of the token bucket. */
  burst: number;
}

export interface ProviderDefinition<C = unknown> {
  provider: Provider;
  label: string;
  /** zod union on `method` (e.g. access-keys | assume-role). Parsed before anything is stored. */
  zCredentials: z.ZodType<C>;
  /** Shown back instead of the credentials: method and a masked hint, never a secret. */
  describeCredentials(credentials: C): { method: string; hint: string };
  /**
   * Loads the provider's implementation (its SDK) at first use and builds a connector: the SDKs
   * are most of the process's heap, so a server that never scans a provider never loads it.
   */
  createConnector(options: ConnectorOptions<C>): Promise<Connector>;
  rateLimit: RateLimit;
  /** Least-privilege policy to paste (IAM JSON, token scopes …) for the connect wizard. */
  policy: { format: "json" | "text"; text: string };
  /** What its connectors pull besides inventory (pullMetrics, pullCosts); absent: nothing. */
  pulls?: ("metrics" | "costs")[];
}
