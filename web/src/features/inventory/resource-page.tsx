import { ArrowLeft } from "lucide-react";
import { Link, useParams } from "react-router";
import { QueryState } from "../../components/query-state.tsx";
import { Badge } from "../../components/ui/badge.tsx";
import { Card, CardContent, CardHeader, CardTitle } from "../../components/ui/card.tsx";
import type { OperationOutput } from "../../lib/api.ts";
import { useOperation } from "../../lib/operations.ts";
import { can } from "../../lib/roles.ts";
import { useFormat, useSession } from "../../lib/session.tsx";
import { LinkedPages } from "../docs/linked-pages.tsx";
import { ResourceMetrics } from "../observability/metrics/resource-metrics.tsx";
import { SimilarPanel } from "../search/similar-panel.tsx";
import { ChangeHistory } from "./change-history.tsx";
import { ResourceMap } from "./dependency-map.tsx";
import { HostFacts } from "./host-facts.tsx";
import { ResourceActions } from "./resource-actions.tsx";
import { providerLabel, typeLabel } from "./resource-labels.ts";
import { StateBadge } from "./state-badge.tsx";
import { TagEditor } from "./tag-editor.tsx";

type Resource = OperationOutput<"inventory.get">;

/** Whether a connector can act on it: VMs and volumes, Cloudflare zones (pause, purge cache). */
const hasActions = (r: Resource) =>
  r.type === "compute.vm" ||
  r.type === "storage.volume" ||
  (r.type === "dns.zone" && r.provider === "cloudflare");

/** One resource: what it is, its attributes and tags, what it relates to, its history and cost. */
export function ResourcePage() {
  const { resourceId = "" } = useParams();
  const resource = useOperation("inventory.get", { id: resourceId });
  return (
    <div className="grid gap-4">
      <Link
        to="/inventory"
        className="inline-flex w-fit items-center gap-1 text-sm text-muted-foreground hover:text-foreground"
      >
        <ArrowLeft className="size-4" aria-hidden /> All resources
      </Link>
      <QueryState query={resource}>{(r) => <ResourceDetail resource={r} />}</QueryState>
    </div>
  );
}

function ResourceDetail({ resource: r }: { resource: Resource }) {
  const format = useFormat();
  const { role } = useSession();
  const facts: [string, string][] = [
    ["Type", `${typeLabel(r.type)} (${r.nativeType})`],
    ["Provider", providerLabel(r.provider)],
    ["Account", r.account],
    ["Region", r.region],
    ["Native id", r.nativeId],
    ["Cost ResourceId", r.costResourceId ?? "—"],
    ["Created", format.dateTime(r.createdAt)],
    ["First seen", format.dateTime(r.firstSeenAt)],
    ["Last seen", format.dateTime(r.lastSeenAt)],
  ];
  return (
    <>
      <div className="flex flex-wrap items-center gap-3">
        <h2 className="text-xl font-semibold" data-testid="resource-name">
          {r.name}
        </h2>
        <StateBadge state={r.state} deletedAt={r.deletedAt} />
      </div>
      <div className="grid gap-4 lg:grid-cols-2">
        <Card>
          <CardHeader>
            <CardTitle>Overview</CardTitle>
          </CardHeader>
          <CardContent>
            <dl className="grid grid-cols-[9rem_1fr] gap-x-4 gap-y-2 text-sm">
              {facts.map(([label, value]) => (
                <div key={label} className="contents">
                  <dt className="text-muted-foreground">{label}</dt>
                  <dd className="min-w-0 break-all">{value}</dd>
                </div>
              ))}
            </dl>
            <div className="mt-5">
              <TagEditor
                resourceId={r.id}
                tags={r.tags}
                editable={!r.deletedAt && r.connectorId !== null}
              />
            </div>
          </CardContent>
        </Card>
        {r.type === "host" && <HostFacts attributes={r.attributes} />}
        {!r.deletedAt && hasActions(r) && <ResourceActions resourceId={r.id} type={r.type} />}
        <Card>
          <CardHeader>
            <CardTitle>Attributes</CardTitle>
          </CardHeader>
          <CardContent>
            <Attributes attributes={r.attributes} />
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Relations</CardTitle>
          </CardHeader>
          <CardContent>
            <Relations relations={r.relations} />
          </CardContent>
        </Card>
        {can(role, "docs:read") && (
          <Card>
            <CardHeader>
              <CardTitle>Runbooks and pages</CardTitle>
            </CardHeader>
            <CardContent>
              <LinkedPages
                kind="resource"
                target={r.id}
                aliases={[r.nativeId, r.costResourceId ?? "", r.name]}
                title={r.name}
                noun="this resource"
              />
            </CardContent>
          </Card>
        )}
        <Card>
          <CardContent className="pt-6">
            <SimilarPanel kind="resource" id={r.id} />
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Cost by month</CardTitle>
          </CardHeader>
          <CardContent>
            <Cost cost={r.cost} hasCostId={r.costResourceId !== null} />
          </CardContent>
        </Card>
      </div>
      <ResourceMap resourceId={r.id} />
      {can(role, "logs:read") && <ResourceMetrics resourceId={r.id} />}
      <Card>
        <CardHeader>
          <CardTitle>Change history</CardTitle>
        </CardHeader>
        <CardContent>
          <ChangeHistory changes={r.changes} />
        </CardContent>
      </Card>
    </>
  );
}

function valueText(value: unknown): string {
  if (value === null || value === undefined || value === "") return "—";
  if (Array.isArray(value) && value.every((v) => typeof v !== "object"))
    return value.length ? value.join(", ") : "—";
  return typeof value === "object" ? JSON.stringify(value, null, 1) : String(value);
}

function Attributes({ attributes }: { attributes: Record<string, unknown> }) {
  const entries = Object.entries(attributes).sort(([a], [b]) => a.localeCompare(b));
  if (entries.length === 0) return <p className="text-sm text-muted-foreground">None.</p>;
  return (
    <dl className="grid grid-cols-[9rem_1fr] gap-x-4 gap-y-2 text-sm" aria-label="Attributes">
      {entries.map(([key, value]) => (
        <div key={key} className="contents">
          <dt className="truncate text-muted-foreground" title={key}>
            {key}
          </dt>
          <dd className="min-w-0 font-mono text-xs break-all whitespace-pre-wrap">
            {valueText(value)}
          </dd>
        </div>
      ))}
    </dl>
  );
}

/** A relation read from this resource's side: outgoing ("routes to") or incoming ("routed to by"). */
const RELATION_WORDS = {
  "attached-to": { out: "attached to", in: "has attached" },
  "member-of": { out: "member of", in: "has member" },
  "routes-to": { out: "routes to", in: "routed to by" },
  "depends-on": { out: "depends on", in: "needed by" },
} as const;

function Relations({ relations }: { relations: Resource["relations"] }) {
  if (relations.length === 0) return <p className="text-sm text-muted-foreground">None known.</p>;
  return (
    <ul className="grid gap-2 text-sm" aria-label="Relations">
      {relations.map((rel) => (
        <li key={`${rel.direction}-${rel.type}-${rel.nativeId}`} className="flex flex-wrap gap-2">
          <Badge variant="secondary">{RELATION_WORDS[rel.type][rel.direction]}</Badge>
          {rel.resourceId ? (
            <Link to={`/inventory/resources/${rel.resourceId}`} className="hover:underline">
              {rel.name ?? rel.nativeId}
            </Link>
          ) : (
            <span className="font-mono text-xs text-muted-foreground">{rel.nativeId}</span>
          )}
          {rel.resourceType && (
            <span className="text-muted-foreground">{typeLabel(rel.resourceType)}</span>
          )}
        </li>
      ))}
    </ul>
  );
}

function Cost({ cost, hasCostId }: { cost: Resource["cost"]; hasCostId: boolean }) {
  const format = useFormat();
  if (cost.months.every((m) => Number(m.effectiveCost) === 0))
    return (
      <p className="text-sm text-muted-foreground">
        {hasCostId
          ? "No cost in the ledger for this resource's ResourceId in the last months."
          : "This resource is not billed on its own (or its provider's bills do not name it)."}
      </p>
    );
  const money = (value: string) =>
    cost.currency
      ? new Intl.NumberFormat(format.locale, { style: "currency", currency: cost.currency }).format(
          Number(value),
        )
      : value;
  const month = (iso: string) =>
    new Intl.DateTimeFormat(format.locale, {
      month: "short",
      year: "numeric",
      timeZone: "UTC",
    }).format(new Date(`${iso.slice(0, 7)}-01T00:00:00Z`));
  return (
    <table className="w-full text-sm" aria-label="Effective cost by month">
      <thead>
        <tr className="text-left text-muted-foreground">
          <th className="font-normal">Month</th>
          <th className="text-right font-normal">Effective cost</th>
        </tr>
      </thead>
      <tbody>
        {cost.months.map((m) => (
          <tr key={m.month}>
            <td>{month(m.month)}</td>
            <td className="text-right tabular-nums">{money(m.effectiveCost)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
