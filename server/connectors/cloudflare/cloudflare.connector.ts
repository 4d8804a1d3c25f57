import Cloudflare, { RateLimitError } from "cloudflare";
import type { AbstractPage } from "cloudflare/core/pagination";
import type { Bucket } from "cloudflare/resources/r2/buckets/buckets";
import { sleep } from "../retry.ts";
import type {
  Connector,
  ConnectorContext,
  ConnectorOptions,
  DiscoveredResource,
  ScanScope,
} from "../types.ts";
import { cloudflareResourceActions } from "./actions.ts";
import type { CloudflareCredentials } from "./credentials.ts";
import { mapBucket, mapDnsRecord, mapPagesProject, mapWorker, mapZone } from "./normalise.ts";
import { outboundFetch } from "./outbound-fetch.ts";
import { cloudflareResourceTags } from "./tags.ts";

type Mapped = Omit<DiscoveredResource, "provider" | "account">;

/** Cloudflare's largest pages: zones 50, DNS records far more, Pages projects 10. */
const ZONES_PER_PAGE = 50;
const RECORDS_PER_PAGE = 1000;
const R2_PER_PAGE = 1000;
/** The longest `Retry-After` honoured before the retry helper takes over. */
const MAX_RETRY_AFTER_MS = 60_000;

export const CLOUDFLARE_SERVICES = ["dns", "workers", "r2", "pages"] as const;

/**
 * Runs one SDK call under the connector context (rate limit, retries). On a 429, Cloudflare's
 * `Retry-After` (seconds) is waited out first, so the retry that follows is not refused again.
 */
function call<T>(ctx: ConnectorContext, label: string, fn: (signal: AbortSignal) => Promise<T>) {
  return ctx.call(label, async (signal) => {
    try {
      // The SDK never removes the abort listener it adds to a request's signal; a signal of
      // its own per request keeps a long scan's signal from collecting thousands of them.
      return await fn(AbortSignal.any([signal]));
    } catch (error) {
      if (error instanceof RateLimitError) {
        const seconds = Number(error.headers?.get("retry-after"));
        if (Number.isFinite(seconds) && seconds > 0)
          await sleep(Math.min(MAX_RETRY_AFTER_MS, seconds * 1000), signal);
      }
      throw error;
    }
  });
}

/**
 * Every item of an SDK list, page by page: the SDK's own page objects and `getNextPage`, each
 * page fetched under `call`. The SDK asks for pages until one comes back empty; `total_pages`,
 * when the API sends it, saves that last empty call.
 */
async function* pagesOf<Item>(
  ctx: ConnectorContext,
  label: string,
  first: (signal: AbortSignal) => Promise<AbstractPage<Item>>,
): AsyncGenerator<Item> {
  let page = await call(ctx, label, first);
  for (let number = 1; ; number++) {
    yield* page.getPaginatedItems();
    const info = (page as { result_info?: { total_pages?: number } }).result_info;
    if (!page.hasNextPage() || (info?.total_pages !== undefined && number >= info.total_pages))
      return;
    const current = page;
    page = await call(ctx, `${label} page ${number + 1}`, () => current.getNextPage());
  }
}

export function createCloudflareConnector(
  options: ConnectorOptions<CloudflareCredentials>,
): Connector {
  const { credentials } = options;
  const isToken = credentials.method === "api-token";
  // Every option is given, so nothing is read from CLOUDFLARE_* environment variables.
  const client = new Cloudflare({
    apiToken: isToken ? credentials.token : null,
    apiKey: isToken ? null : credentials.apiKey,
    apiEmail: isToken ? null : credentials.email,
    userServiceKey: null,
    baseURL: options.endpoint ?? "https://api.cloudflare.com/client/v4",
    fetch: outboundFetch(options.http),
    maxRetries: 0, // retries belong to the connector context
    logLevel: "off",
  });
  const account_id = credentials.accountId;

  async function* scanDns(ctx: ConnectorContext): AsyncGenerator<Mapped> {
    const zones = pagesOf(ctx, "zones.list", (signal) =>
      client.zones.list({ account: { id: account_id }, per_page: ZONES_PER_PAGE }, { signal }),
    );
    for await (const zone of zones) {
      yield mapZone(zone);
      const records = pagesOf(ctx, `dns.records.list ${zone.name}`, (signal) =>
        client.dns.records.list({ zone_id: zone.id, per_page: RECORDS_PER_PAGE }, { signal }),
      );
      for await (const record of records) yield mapDnsRecord(zone, record);
    }
  }

  async function* scanWorkers(ctx: ConnectorContext): AsyncGenerator<Mapped> {
    const scripts = pagesOf(ctx, "workers.scripts.list", (signal) =>
      client.workers.scripts.list({ account_id }, { signal }),
    );
    for await (const script of scripts) yield mapWorker(script);
  }

  /** R2 pages by cursor in `result_info`, which the SDK's unwrapped answer drops. */
  async function* scanR2(ctx: ConnectorContext): AsyncGenerator<Mapped> {
    let cursor: string | undefined;
    for (let page = 1; ; page++) {
      const body = await call(ctx, `r2.buckets.list page ${page}`, async (signal) => {
        const response = await client.r2.buckets
          .list({ account_id, per_page: R2_PER_PAGE, ...(cursor ? { cursor } : {}) }, { signal })
          .asResponse();
        return (await response.json()) as {
          result?: { buckets?: Bucket[] };
          result_info?: { cursor?: string };
        };
      });
      for (const bucket of body.result?.buckets ?? []) yield mapBucket(bucket);
      const next = body.result_info?.cursor;
      if (!next || next === cursor || !body.result?.buckets?.length) return;
      cursor = next;
    }
  }

  async function* scanPages(ctx: ConnectorContext): AsyncGenerator<Mapped> {
    const projects = pagesOf(ctx, "pages.projects.list", (signal) =>
      client.pages.projects.list({ account_id }, { signal }),
    );
    for await (const project of projects) yield mapPagesProject(project);
  }

  const SCANNERS: Record<string, (ctx: ConnectorContext) => AsyncGenerator<Mapped>> = {
    dns: scanDns,
    workers: scanWorkers,
    r2: scanR2,
    pages: scanPages,
  };

  return {
    provider: "cloudflare",
    async testConnection(ctx) {
      const account = await call(ctx, "accounts.get", (signal) =>
        client.accounts.get({ account_id }, { signal }),
      );
      return { account: account_id, detail: `Account ${account.name}` };
    },
    async scopes() {
      return CLOUDFLARE_SERVICES.map((service) => ({ region: "global", service }));
    },
    async *scan(scope: ScanScope, ctx: ConnectorContext) {
      const scanner = SCANNERS[scope.service];
      if (!scanner) throw new Error(`Cloudflare has no service "${scope.service}" to scan`);
      const regions = new Set(options.regions);
      for await (const item of scanner(ctx))
        if (regions.size === 0 || item.region === "global" || regions.has(item.region))
          yield { ...item, provider: "cloudflare", account: account_id };
    },
    actions: cloudflareResourceActions(client, call),
    tags: cloudflareResourceTags(client, call),
  };
}
