import { lazy, Suspense, useState } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { QueryState } from "../../components/query-state.tsx";
import { Alert } from "../../components/ui/alert.tsx";
import { Badge } from "../../components/ui/badge.tsx";
import { Button } from "../../components/ui/button.tsx";
import { Card, CardContent, CardHeader, CardTitle } from "../../components/ui/card.tsx";
import { Input } from "../../components/ui/input.tsx";
import { Label } from "../../components/ui/label.tsx";
import { errorMessage, type OperationOutput } from "../../lib/api.ts";
import { useOperation, useOperationMutation } from "../../lib/operations.ts";
import { can } from "../../lib/roles.ts";
import { useFormat, useSession } from "../../lib/session.tsx";
import { providerLabel, tagText, typeLabel } from "./resource-labels.ts";
import { parseSelector, ServiceActions } from "./service-editing.tsx";

const DependencyMapChart = lazy(() => import("./dependency-map-chart.tsx"));
type Detail = OperationOutput<"services.get">;

/** "service=checkout, team=a" → { service: "checkout", team: "a" }. */
function useOwnerNames() {
  const members = useOperation("members.list", {});
  return (id: string | null) =>
    id ? (members.data?.find((m) => m.userId === id)?.name ?? "A former member") : "No owner";
}

/** /inventory/services: the service catalog. */
export function ServicesPage() {
  const { role } = useSession();
  const list = useOperation("services.list", {});
  const ownerName = useOwnerNames();
  return (
    <div className="grid gap-4">
      {can(role, "services:manage") && <NewService />}
      <QueryState query={list}>
        {({ items }) =>
          items.length === 0 ? (
            <p className="text-sm text-muted-foreground">
              No services yet. A service groups resources (listed, or by a tag such as
              service=checkout) under an owner.
            </p>
          ) : (
            <table className="w-full text-sm" aria-label="Services">
              <thead>
                <tr className="text-left text-muted-foreground">
                  <th className="font-normal">Service</th>
                  <th className="font-normal">Tier</th>
                  <th className="font-normal">Owner</th>
                  <th className="text-right font-normal">Resources</th>
                </tr>
              </thead>
              <tbody>
                {items.map((s) => (
                  <tr key={s.id} className="border-t">
                    <td className="py-2">
                      <Link
                        to={`/inventory/services/${s.id}`}
                        className="font-medium hover:underline"
                      >
                        {s.name}
                      </Link>
                    </td>
                    <td>
                      <Badge variant={s.tier === "critical" ? "destructive" : "secondary"}>
                        {s.tier}
                      </Badge>
                    </td>
                    <td>{ownerName(s.ownerUserId)}</td>
                    <td className="text-right tabular-nums">{s.members}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </QueryState>
    </div>
  );
}

function NewService() {
  const navigate = useNavigate();
  const [name, setName] = useState("");
  const [selector, setSelector] = useState("");
  const create = useOperationMutation("services.create", {
    onSuccess: (s) => navigate(`/inventory/services/${s.id}`),
  });
  return (
    <Card>
      <CardContent className="grid gap-3 pt-6 sm:grid-cols-[1fr_1fr_auto] sm:items-end">
        <div className="grid gap-1">
          <Label htmlFor="service-name">New service</Label>
          <Input
            id="service-name"
            value={name}
            onChange={(e) => setName(e.target.value)}
            placeholder="Checkout"
          />
        </div>
        <div className="grid gap-1">
          <Label htmlFor="service-selector">Members by tag (optional)</Label>
          <Input
            id="service-selector"
            value={selector}
            onChange={(e) => setSelector(e.target.value)}
            placeholder="service=checkout"
          />
        </div>
        <Button
          disabled={!name.trim() || create.isPending}
          onClick={() => create.mutate({ name: name.trim(), tagSelector: parseSelector(selector) })}
        >
          Create
        </Button>
        {create.error && (
          <Alert variant="destructive" className="sm:col-span-3">
            {errorMessage(create.error)}
          </Alert>
        )}
      </CardContent>
    </Card>
  );
}

/** /inventory/services/:serviceId: members, cost, map and owner of one service. */
export function ServicePage() {
  const { serviceId = "" } = useParams();
  const service = useOperation("services.get", { id: serviceId });
  return (
    <div className="grid gap-4">
      <Link
        to="/inventory/services"
        className="text-sm text-muted-foreground hover:text-foreground"
      >
        ← All services
      </Link>
      <QueryState query={service}>{(s) => <ServiceDetail service={s} />}</QueryState>
    </div>
  );
}

function ServiceDetail({ service: s }: { service: Detail }) {
  const { role } = useSession();
  const format = useFormat();
  const ownerName = useOwnerNames();
  const remove = useOperationMutation("services.removeResources");
  const total = s.cost.months.reduce((sum, m) => sum + Number(m.effectiveCost), 0);
  const money = (v: number) =>
    s.cost.currency
      ? new Intl.NumberFormat(format.locale, {
          style: "currency",
          currency: s.cost.currency,
        }).format(v)
      : String(v);
  const selector = Object.entries(s.tagSelector);
  return (
    <>
      <div className="flex flex-wrap items-center gap-3">
        <h2 className="text-xl font-semibold" data-testid="service-name">
          {s.name}
        </h2>
        <Badge variant={s.tier === "critical" ? "destructive" : "secondary"}>{s.tier}</Badge>
        {can(role, "services:manage") && <ServiceActions service={s} />}
      </div>
      {s.description && <p className="text-sm">{s.description}</p>}
      <div className="grid gap-4 lg:grid-cols-2">
        <Card>
          <CardHeader>
            <CardTitle>About</CardTitle>
          </CardHeader>
          <CardContent>
            <dl className="grid grid-cols-[9rem_1fr] gap-x-4 gap-y-2 text-sm">
              <dt className="text-muted-foreground">Owner</dt>
              <dd>{ownerName(s.ownerUserId)}</dd>
              <dt className="text-muted-foreground">Members by tag</dt>
              <dd>{selector.length ? selector.map(([k, v]) => tagText(k, v)).join(", ") : "—"}</dd>
              <dt className="text-muted-foreground">Runbook</dt>
              <dd className="break-all">
                {s.runbookUrl ? (
                  <a href={s.runbookUrl} className="hover:underline">
                    {s.runbookUrl}
                  </a>
                ) : (
                  "—"
                )}
              </dd>
              <dt className="text-muted-foreground">Repository</dt>
              <dd className="break-all">
                {s.repoUrl ? (
                  <a href={s.repoUrl} className="hover:underline">
                    {s.repoUrl}
                  </a>
                ) : (
                  "—"
                )}
              </dd>
              <dt className="text-muted-foreground">Cost, last 6 months</dt>
              <dd className="tabular-nums">
                {s.cost.months.length ? money(total) : "No billed members"}
              </dd>
            </dl>
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Map</CardTitle>
          </CardHeader>
          <CardContent>
            {s.graph.nodes.length === 0 ? (
              <p className="text-sm text-muted-foreground">No members.</p>
            ) : (
              <Suspense fallback={<div style={{ height: 320 }} />}>
                <DependencyMapChart graph={s.graph} height={320} />
              </Suspense>
            )}
          </CardContent>
        </Card>
      </div>
      <Card>
        <CardHeader>
          <CardTitle>Resources ({s.members.length})</CardTitle>
        </CardHeader>
        <CardContent>
          <ul className="grid gap-2 text-sm" aria-label="Service resources">
            {s.members.map((m) => (
              <li key={m.id} className="flex flex-wrap items-center gap-2">
                <Link to={`/inventory/resources/${m.id}`} className="font-medium hover:underline">
                  {m.name}
                </Link>
                <span className="text-muted-foreground">
                  {typeLabel(m.type)} · {providerLabel(m.provider)} · {m.region}
                </span>
                <Badge variant="outline">{m.via === "tags" ? "by tag" : "listed"}</Badge>
                {m.via === "listed" && can(role, "services:manage") && (
                  <Button
                    size="sm"
                    variant="ghost"
                    onClick={() => remove.mutate({ id: s.id, resourceIds: [m.id] })}
                  >
                    Remove
                  </Button>
                )}
              </li>
            ))}
          </ul>
        </CardContent>
      </Card>
    </>
  );
}
