import type { Connector, ConnectorContext, ConnectorOptions, ScanScope } from "../types.ts";
import { gcpResourceActions } from "./actions.ts";
import { createTokenSource } from "./auth.ts";
import { createGcpClients, type GcpSettings, NO_GAX_RETRY, REQUEST_TIMEOUT_MS } from "./clients.ts";
import { type GcpCredentials, projectsOf } from "./credentials.ts";
import { withGoogleMessage } from "./errors.ts";
import { gcpResourceLabels } from "./labels.ts";
import { pullGcpVmMetrics } from "./monitoring.ts";
import { GCP_SERVICES } from "./services.ts";

/** Multi-regions and dual-regions (`us`, `eu`, `nam4`) hold data in several regions: kept. */
const isMultiRegion = (region: string) => !/-[a-z]+\d+$/.test(region);

/**
 * Google Cloud through the official client libraries (@google-cloud/compute, sql, run, storage).
 *
 * A scope is one service of one project (`compute-instances/<project>` in region "global"): the
 * aggregated lists cover every zone in one paged listing, so a zone cannot fail alone; a failed
 * page, or a zone the API reports unreachable, fails that service of that project only. Resources
 * keep their own region; the connector's regions (if any) filter what is reported.
 */
export function createGcpConnector(options: ConnectorOptions<GcpCredentials>): Connector {
  const key = options.credentials.serviceAccountKey;
  const settings: GcpSettings = {
    tokens: createTokenSource(key, options.http, options.requestTimeoutMs ?? REQUEST_TIMEOUT_MS),
    http: options.http,
    endpoint: options.endpoint,
    universeDomain: key.universe_domain ?? "googleapis.com",
    requestTimeoutMs: options.requestTimeoutMs ?? REQUEST_TIMEOUT_MS,
  };
  const projects = projectsOf(options.credentials);
  const wanted = new Set(options.regions.map((r) => r.trim().toLowerCase()));
  const isWanted = (region: string) =>
    wanted.size === 0 || region === "global" || isMultiRegion(region) || wanted.has(region);
  // One set of SDK clients per scan context: their transport runs under that context.
  const clientsByScan = new WeakMap<ConnectorContext, ReturnType<typeof createGcpClients>>();
  const clientsOf = (ctx: ConnectorContext) => {
    let clients = clientsByScan.get(ctx);
    if (!clients) {
      clients = createGcpClients(settings, ctx);
      clientsByScan.set(ctx, clients);
    }
    return clients;
  };

  return {
    provider: "gcp",
    /**
     * One page of instances per project proves the key, the token exchange and the role: the
     * first entry of the aggregated list arrives with its first page, and stopping there asks
     * for no other.
     */
    async testConnection(ctx) {
      const clients = clientsOf(ctx);
      let zones = 0;
      try {
        for (const project of projects) {
          const listing = clients.instances.aggregatedListAsync({ project, maxResults: 500 }, {
            ...NO_GAX_RETRY,
            signal: ctx.signal,
          } as object);
          for await (const _first of listing) {
            zones++;
            break;
          }
        }
      } catch (error) {
        throw withGoogleMessage(error);
      }
      const n = projects.length;
      return {
        account: n === 1 ? projects[0]! : key.client_email,
        detail: `${n} project${n === 1 ? "" : "s"} readable: Compute Engine instances listed${zones === 0 ? " (no zones answered)" : ""}`,
      };
    },
    async scopes() {
      return projects.flatMap((project) =>
        Object.keys(GCP_SERVICES).map((service) => ({
          region: "global",
          service: `${service}/${project}`,
        })),
      );
    },
    async *scan(scope: ScanScope, ctx: ConnectorContext) {
      const [service, project] = scope.service.split("/");
      const scanService = service ? GCP_SERVICES[service] : undefined;
      if (!scanService || !project || !projects.includes(project))
        throw new Error(`Google Cloud has no service "${scope.service}" to scan`);
      try {
        for await (const item of scanService(clientsOf(ctx), project, ctx))
          if (isWanted(item.region)) yield { ...item, provider: "gcp", account: project };
      } catch (error) {
        throw withGoogleMessage(error);
      }
    },
    async *pullMetrics(request, ctx) {
      try {
        yield* pullGcpVmMetrics(
          clientsOf(ctx),
          request.targets.filter((t) =>
            projects.some((p) => t.nativeId.includes(`/projects/${p}/`)),
          ),
          request.from,
          request.to,
          ctx,
        );
      } catch (error) {
        throw withGoogleMessage(error);
      }
    },
    actions: gcpResourceActions(clientsOf, projects),
    tags: gcpResourceLabels(clientsOf, projects[0]!),
  };
}
