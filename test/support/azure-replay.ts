import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { type ArmOperations, createArmOperations } from "./azure-replay-operations.ts";
import {
  type RecordedRequest,
  type ReplayResponse,
  startHttpsReplayServer,
} from "./https-replay.ts";

/**
 * A local stand-in for Azure Resource Manager and Microsoft Entra ID, over https (see
 * azure-replay-tls.setup.ts), replaying the x-ms-examples in test/fixtures/azure. The SDKs do
 * the real work against it: MSAL reads the authority's OpenID metadata and posts the client
 * credentials grant, the ARM clients send the bearer token it issued and follow `nextLink`s.
 *
 * What the server adds to the examples (see test/fixtures/azure/SOURCES.md): every
 * `/subscriptions/<id>` in a body points at the subscription asked for; `{resourceGroupName}`
 * is `myResourceGroup`; other `{…Name}` placeholders become `<…>-<n>` per list item (the VM
 * example's two VMs share one placeholder id); lists are paged by the server (`pageSize` items,
 * its own nextLink); resource groups are the ones the served resources name.
 */

const FIXTURES = path.resolve(import.meta.dirname, "../fixtures/azure");
const example = (file: string) =>
  JSON.parse(readFileSync(path.join(FIXTURES, file), "utf8")).responses["200"].body as {
    value?: unknown[];
  } & Record<string, unknown>;

const TAGS_AT_SCOPE = "/providers/microsoft.resources/tags/default";

export const REPLAY_TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
export const REPLAY_CLIENT = "3f1c0e0a-5b8e-4d0b-9d7b-2f0c5a6e9a11";
export const REPLAY_SUBSCRIPTION = "00000000-1111-2222-3333-444444444444";

export type { RecordedRequest, ReplayResponse };

export interface AzureReplay {
  endpoint: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
  subscriptionId: string;
  requests: RecordedRequest[];
  /** VM actions, snapshots and disk deletes, and the polling of their operations. */
  operations: ArmOperations;
  /** Serves these responses, in order, to the next requests whose path and query contain `pathPart`. */
  fail(pathPart: string, ...responses: ReplayResponse[]): void;
  close(): Promise<void>;
}

/** List items of a fixture, placeholders filled, pointed at `subscription`. */
function itemsOf(file: string, subscription: string, extra: unknown[] = []): unknown[] {
  return [...(example(file).value ?? []), ...extra].map((item, i) =>
    JSON.parse(
      JSON.stringify(item)
        .replace(/(\/?subscriptions\/)[^/"]+/gi, `$1${subscription}`)
        .replaceAll("{resourceGroupName}", "myResourceGroup")
        .replace(/\{(\w+?)Name\}/g, (_m, what: string) => `${what}-${i + 1}`),
    ),
  );
}

/** The value the replay reports for a metric of a resource at a time (ms): easy to recompute. */
export function azureReplayValue(metric: string, resource: string, timeMs: number): number {
  let h = 0;
  for (const c of `${metric}/${resource}`) h = (h * 31 + c.charCodeAt(0)) % 100;
  return h + ((timeMs / 300_000) % 12);
}

export async function startAzureReplay(
  options: { pageSize?: number; latencyMs?: number } = {},
): Promise<AzureReplay> {
  const sub = REPLAY_SUBSCRIPTION;
  const clientSecret = `replay~${randomBytes(12).toString("hex")}`;
  const accessToken = `eyJ0eXAiOiJKV1Qi.replay.${randomBytes(16).toString("hex")}`;
  const pageSize = options.pageSize ?? 2;
  const requests: RecordedRequest[] = [];
  const faults: { part: string; response: ReplayResponse }[] = [];
  let base = "";

  const vms = itemsOf("compute.VirtualMachine_ListBySubscription_ByLocation.json", sub);
  const disks = itemsOf("compute.Disk_ListBySubscription.json", sub, [
    example("compute.Disk_Get.json"),
  ]);
  const operations = createArmOperations({
    base: () => base,
    vms: vms as { id: string }[],
    disks: disks as { id: string }[],
  });
  const lists: [RegExp, unknown[]][] = [
    [
      /^\/subscriptions\/[^/]+\/providers\/microsoft\.compute\/(locations\/[^/]+\/)?virtualmachines$/,
      vms,
    ],
    [/^\/subscriptions\/[^/]+\/providers\/microsoft\.compute\/disks$/, disks],
    [
      /^\/subscriptions\/[^/]+\/providers\/microsoft\.sql\/servers$/,
      itemsOf("sql.servers.DERIVED.json", sub),
    ],
    [
      /\/providers\/microsoft\.sql\/servers\/[^/]+\/databases$/,
      itemsOf("sql.ListVCoreDatabasesByServer.json", sub),
    ],
    [
      /^\/subscriptions\/[^/]+\/providers\/microsoft\.web\/sites$/,
      itemsOf("web.ListWebApps.DERIVED.json", sub),
    ],
    [
      /^\/subscriptions\/[^/]+\/providers\/microsoft\.storage\/storageaccounts$/,
      itemsOf("storage.StorageAccountList.DERIVED.json", sub),
    ],
  ];
  const groups = new Map<string, unknown>();
  for (const [, items] of lists)
    for (const item of items as { id: string; location?: string }[]) {
      const match = /^(\/subscriptions\/[^/]+\/resourceGroups\/([^/]+))/i.exec(item.id);
      if (match && !groups.has(match[1]!.toLowerCase()))
        groups.set(match[1]!.toLowerCase(), {
          id: match[1],
          name: match[2],
          type: "Microsoft.Resources/resourceGroups",
          location: item.location ?? "eastus",
          properties: { provisioningState: "Succeeded" },
        });
    }
  lists.push([/^\/subscriptions\/[^/]+\/resourcegroups$/, [...groups.values()]]);

  const armError = (status: number, code: string, message: string): ReplayResponse => ({
    status,
    body: { error: { code, message } },
  });

  function answer(request: RecordedRequest, url: URL): ReplayResponse {
    const { method, authorization: auth, body: raw } = request;
    const form = new URLSearchParams(raw);
    const p = url.pathname.toLowerCase();
    const target = `${p}${url.search.toLowerCase()}`;
    const queued = faults.findIndex((f) => target.includes(f.part));
    if (queued >= 0) return faults.splice(queued, 1)[0]!.response;
    if (p === "/metadata/endpoints")
      return {
        status: 200,
        body: {
          resourceManager: `${base}/`,
          authentication: { loginEndpoint: base, audiences: [`${base}/`] },
        },
      };
    if (p === `/${REPLAY_TENANT}/v2.0/.well-known/openid-configuration`)
      return {
        status: 200,
        body: {
          issuer: `${base}/${REPLAY_TENANT}/v2.0`,
          token_endpoint: `${base}/${REPLAY_TENANT}/oauth2/v2.0/token`,
          authorization_endpoint: `${base}/${REPLAY_TENANT}/oauth2/v2.0/authorize`,
          jwks_uri: `${base}/${REPLAY_TENANT}/discovery/v2.0/keys`,
          response_types_supported: ["code", "id_token", "token"],
        },
      };
    if (p === `/${REPLAY_TENANT}/oauth2/v2.0/token` && method === "POST") {
      const ok =
        form.get("grant_type") === "client_credentials" &&
        form.get("client_id") === REPLAY_CLIENT &&
        form.get("client_secret") === clientSecret &&
        form.get("scope") === `${base}/.default`;
      return ok
        ? {
            status: 200,
            body: {
              token_type: "Bearer",
              expires_in: 3599,
              ext_expires_in: 3599,
              access_token: accessToken,
            },
          }
        : {
            status: 401,
            body: {
              error: "invalid_client",
              error_description: "AADSTS7000215: Invalid client secret provided.",
            },
          };
    }
    if (auth !== `Bearer ${accessToken}`)
      return armError(401, "InvalidAuthenticationToken", "The access token is invalid.");
    if (!p.startsWith(`/subscriptions/${sub}/`))
      return armError(404, "SubscriptionNotFound", "The subscription could not be found.");
    if (/\/providers\/microsoft\.compute\/virtualmachines\/[^/]+\/instanceview$/.test(p))
      return instanceView(p.replace(/\/instanceview$/, ""));
    const operation = operations.answer(request, url);
    if (operation) return operation;
    if (p.endsWith("/providers/microsoft.insights/metrics")) return metricsAnswer(p, url);
    if (p.endsWith("/providers/microsoft.costmanagement/query") && method === "POST")
      return costQueryAnswer(p, url, raw);
    if (p.endsWith(TAGS_AT_SCOPE) && method === "PATCH") return tagsAtScope(p, raw);
    const list = lists.find(([pattern]) => pattern.test(p))?.[1];
    if (!list) return armError(404, "ResourceNotFound", `No replay for ${p}`);
    const page = Number(url.searchParams.get("$skiptoken") ?? 0);
    const next = new URL(url);
    next.searchParams.set("$skiptoken", String(page + 1));
    const hasNext = (page + 1) * pageSize < list.length;
    return {
      status: 200,
      body: {
        value: list.slice(page * pageSize, (page + 1) * pageSize),
        ...(hasNext ? { nextLink: `${base}${next.pathname}${next.search}` } : {}),
      },
    };
  }

  /** The example's instance view, with the VM's power state after the actions done to it. */
  function instanceView(vmId: string): ReplayResponse {
    const view = example("compute.VirtualMachine_Get_InstanceView.json") as {
      statuses: { code: string; displayStatus?: string }[];
    };
    const state = operations.powerStateOf(vmId);
    view.statuses = view.statuses.map((s) =>
      s.code.startsWith("PowerState/")
        ? { ...s, code: `PowerState/${state}`, displayStatus: `VM ${state}` }
        : s,
    );
    return { status: 200, body: view };
  }

  /**
   * Tags "Update At Scope" on a served resource (or resource group): Merge adds and overwrites,
   * Replace swaps the set, Delete removes each key named (by name alone when its value is "", else
   * only when the value matches). The answer is the PatchTagsSubscription example's body with the
   * scope and the tags after the change; the served item keeps them, so a rescan sees them.
   */
  function tagsAtScope(p: string, raw: string): ReplayResponse {
    const scope = p.slice(0, -TAGS_AT_SCOPE.length);
    const item = lists
      .flatMap(([, items]) => items as { id: string; tags?: Record<string, string> }[])
      .find((i) => i.id.toLowerCase() === scope);
    if (!item) return armError(404, "ResourceNotFound", `The Resource '${scope}' was not found.`);
    const patch = JSON.parse(raw || "{}") as {
      operation?: string;
      properties?: { tags?: Record<string, string> };
    };
    const given = patch.properties?.tags ?? {};
    const tags = { ...(item.tags ?? {}) };
    if (patch.operation === "Merge") Object.assign(tags, given);
    else if (patch.operation === "Delete") {
      for (const [key, value] of Object.entries(given))
        if (value === "" || tags[key] === value) delete tags[key];
    } else if (patch.operation !== "Replace")
      return armError(400, "InvalidTagOperation", "operation must be Merge, Replace or Delete");
    item.tags = patch.operation === "Replace" ? { ...given } : tags;
    const template = example("resources.PatchTagsSubscription.json");
    return {
      status: 200,
      body: { ...template, id: item.id, properties: { tags: item.tags } },
    };
  }

  /** GetMetric's envelope and first metric as the template; one point per interval. */
  function metricsAnswer(p: string, url: URL): ReplayResponse {
    const template = example("monitor.GetMetric.json") as Record<string, unknown> & {
      value: Record<string, unknown>[];
    };
    const [start = "", end = ""] = (url.searchParams.get("timespan") ?? "").split("/");
    const stepMs =
      (Number(/^PT(\d+)M$/.exec(url.searchParams.get("interval") ?? "")?.[1]) || 5) * 60_000;
    const resource = p.replace(/\/providers\/microsoft\.insights\/metrics$/, "");
    const names = (url.searchParams.get("metricnames") ?? "").split(",").filter(Boolean);
    const value = names.map((name) => {
      const data = [];
      for (let t = Date.parse(start); t < Date.parse(end); t += stepMs)
        data.push({
          timeStamp: new Date(t).toISOString(),
          average: azureReplayValue(name, resource, t),
          total: azureReplayValue(name, resource, t) * 300,
        });
      return {
        ...template.value[0],
        id: `${resource}/providers/Microsoft.Insights/metrics/${name}`,
        name: { value: name, localizedValue: name },
        timeseries: [{ metadatavalues: [], data }],
      };
    });
    return {
      status: 200,
      body: {
        ...template,
        timespan: `${start}/${end}`,
        interval: url.searchParams.get("interval"),
        value,
      },
    };
  }

  /**
   * SubscriptionQueryGrouping's answer shape (columns + rows, nextLink); rows built from the
   * example's rows: each resource group's cost on each of the first two days asked, as
   * (Cost, UsageDate, ServiceName, ResourceId, Currency), two rows a page.
   */
  function costQueryAnswer(p: string, url: URL, raw: string): ReplayResponse {
    const template = example("costmanagement.SubscriptionQueryGrouping.json") as {
      properties: { rows: [number, string, string][] };
    } & Record<string, unknown>;
    const query = JSON.parse(raw || "{}") as { timePeriod?: { from?: string } };
    const from = Date.parse(query.timePeriod?.from ?? "");
    if (Number.isNaN(from)) return armError(400, "BadRequest", "timePeriod.from is required");
    const scope = p.replace(/\/providers\/microsoft\.costmanagement\/query$/, "");
    const rows = [0, 1].flatMap((d) =>
      template.properties.rows.map(([cost, group, currency], i) => [
        cost,
        Number(new Date(from + d * 86_400_000).toISOString().slice(0, 10).replaceAll("-", "")),
        i % 2 ? "Storage" : "Virtual Machines",
        `${scope}/resourcegroups/${group.toLowerCase()}/providers/microsoft.compute/virtualmachines/vm-${i}`,
        currency,
      ]),
    );
    const page = Number(url.searchParams.get("$skiptoken") ?? 0);
    const next = new URL(url);
    next.searchParams.set("$skiptoken", String(page + 1));
    const hasNext = (page + 1) * 2 < rows.length;
    return {
      status: 200,
      body: {
        ...template,
        properties: {
          nextLink: hasNext ? `${base}${next.pathname}${next.search}` : null,
          columns: [
            { name: "Cost", type: "Number" },
            { name: "UsageDate", type: "Number" },
            { name: "ServiceName", type: "String" },
            { name: "ResourceId", type: "String" },
            { name: "Currency", type: "String" },
          ],
          rows: rows.slice(page * 2, (page + 1) * 2),
        },
      },
    };
  }

  const server = await startHttpsReplayServer({
    requests,
    latencyMs: options.latencyMs,
    answer,
  });
  base = server.base;
  return {
    endpoint: base,
    tenantId: REPLAY_TENANT,
    clientId: REPLAY_CLIENT,
    clientSecret,
    subscriptionId: sub,
    requests,
    operations,
    fail(part, ...responses) {
      for (const response of responses) faults.push({ part: part.toLowerCase(), response });
    },
    close: server.close,
  };
}
