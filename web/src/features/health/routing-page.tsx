import { type FormEvent, useState } from "react";
import { QueryState } from "../../components/query-state.tsx";
import { Button } from "../../components/ui/button.tsx";
import { Input, inputClass } from "../../components/ui/input.tsx";
import { Label } from "../../components/ui/label.tsx";
import { errorMessage, type OperationInput, type OperationOutput } from "../../lib/api.ts";
import { useOperation, useOperationMutation } from "../../lib/operations.ts";
import { can } from "../../lib/roles.ts";
import { useSession } from "../../lib/session.tsx";
import { DestinationsCard } from "./destinations-card.tsx";
import { parseLabels, RoutingTest } from "./routing-test.tsx";

type Rule = OperationOutput<"alerts.routing.list">[number];
type Match = OperationInput<"alerts.routing.create">["match"];
const SEVERITIES = ["info", "warning", "critical"] as const;

function describeMatch(match: Rule["match"]): string {
  const parts = [
    match.service && `service = ${match.service}`,
    match.severities?.length && `severity in ${match.severities.join(", ")}`,
    ...Object.entries(match.labels ?? {}).map(([k, v]) => `${k} = ${v}`),
    match.provider && `provider = ${match.provider}`,
    match.tag &&
      `tag ${match.tag.key}${match.tag.value !== undefined ? ` = ${match.tag.value}` : ""}`,
  ].filter(Boolean);
  return parts.length ? parts.join(" and ") : "every alert";
}

/**
 * Routing rules: tried in order, the first that matches a firing alert assigns its incident and
 * notifies its destinations; a rule marked "continue" lets the next ones match too.
 */
export function RoutingPage() {
  const { role } = useSession();
  const isAdmin = can(role, "alerts:routing");
  const rules = useOperation("alerts.routing.list", {});
  const members = useOperation("members.list");
  const destinations = useOperation("alerts.destinations.list", {});
  const create = useOperationMutation("alerts.routing.create", { onSuccess: () => reset() });
  const update = useOperationMutation("alerts.routing.update");
  const remove = useOperationMutation("alerts.routing.delete");
  const [form, setForm] = useState({
    name: "",
    service: "",
    labels: "",
    provider: "",
    tag: "",
    severities: [] as string[],
    assigneeUserId: "",
    destinationIds: [] as string[],
    continueMatching: false,
  });
  const reset = () =>
    setForm((f) => ({ ...f, name: "", service: "", labels: "", provider: "", tag: "" }));
  const names = new Map((members.data ?? []).map((m) => [m.userId, m.name]));
  const destinationNames = new Map((destinations.data ?? []).map((d) => [d.id, d.name]));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const at = form.tag.indexOf("=");
    const match: Match = {
      ...(form.service ? { service: form.service } : {}),
      ...(form.severities.length ? { severities: form.severities as Match["severities"] } : {}),
      ...(parseLabels(form.labels) ? { labels: parseLabels(form.labels) } : {}),
      ...(form.provider ? { provider: form.provider } : {}),
      ...(form.tag
        ? {
            tag:
              at < 0
                ? { key: form.tag }
                : { key: form.tag.slice(0, at), value: form.tag.slice(at + 1) },
          }
        : {}),
    };
    create.mutate({
      name: form.name,
      match,
      assigneeUserId: form.assigneeUserId || null,
      destinationIds: form.destinationIds,
      continueMatching: form.continueMatching,
    });
  };
  const error = create.error ?? update.error ?? remove.error;
  const toggle = (list: string[], value: string) =>
    list.includes(value) ? list.filter((v) => v !== value) : [...list, value];

  return (
    <div className="max-w-3xl space-y-6">
      <p className="text-sm text-muted-foreground">
        When an alert fires, rules are tried from the top: the first that matches assigns the
        incident to its person (notified in the app) and sends it to its destinations. A rule marked
        “continue” lets the rules below it match as well.
      </p>
      <QueryState
        query={rules}
        isEmpty={(r) => r.length === 0}
        empty={<p className="text-sm text-muted-foreground">No routing rules yet.</p>}
      >
        {(list) => (
          <ol className="divide-y rounded-lg border" data-testid="routing-rules">
            {list.map((r) => (
              <li key={r.id} className="flex flex-wrap items-center gap-3 p-3 text-sm">
                <span className="font-medium">{r.name}</span>
                <span className="text-muted-foreground">when {describeMatch(r.match)}</span>
                <span>
                  →{" "}
                  {[
                    r.assigneeUserId && (names.get(r.assigneeUserId) ?? "a person"),
                    ...r.destinationIds.map((d) => destinationNames.get(d) ?? "a destination"),
                  ]
                    .filter(Boolean)
                    .join(", ")}
                  {r.continueMatching && " (continue)"}
                </span>
                {isAdmin && (
                  <span className="ml-auto flex gap-2">
                    <Button
                      size="sm"
                      variant="outline"
                      onClick={() => update.mutate({ id: r.id, isEnabled: !r.isEnabled })}
                    >
                      {r.isEnabled ? "Disable" : "Enable"}
                    </Button>
                    <Button size="sm" variant="ghost" onClick={() => remove.mutate({ id: r.id })}>
                      Delete
                    </Button>
                  </span>
                )}
              </li>
            ))}
          </ol>
        )}
      </QueryState>
      {error && (
        <p role="alert" className="text-sm text-red-600">
          {errorMessage(error)}
        </p>
      )}
      {(rules.data ?? []).length > 0 && <RoutingTest rules={rules.data ?? []} />}
      {isAdmin && (
        <form
          className="grid gap-3 rounded-lg border p-4"
          onSubmit={submit}
          aria-label="Add a routing rule"
        >
          <h3 className="font-medium">Add a rule</h3>
          <Label className="grid gap-1">
            Name
            <Input
              required
              value={form.name}
              onChange={(e) => setForm({ ...form, name: e.target.value })}
            />
          </Label>
          <div className="grid gap-3 sm:grid-cols-2">
            <Label className="grid gap-1">
              Service
              <Input
                value={form.service}
                onChange={(e) => setForm({ ...form, service: e.target.value })}
              />
            </Label>
            <Label className="grid gap-1">
              Labels (key=value, …)
              <Input
                value={form.labels}
                onChange={(e) => setForm({ ...form, labels: e.target.value })}
              />
            </Label>
            <Label className="grid gap-1">
              Resource provider
              <Input
                value={form.provider}
                placeholder="aws"
                onChange={(e) => setForm({ ...form, provider: e.target.value })}
              />
            </Label>
            <Label className="grid gap-1">
              Resource tag (key or key=value)
              <Input value={form.tag} onChange={(e) => setForm({ ...form, tag: e.target.value })} />
            </Label>
          </div>
          <fieldset className="flex flex-wrap gap-3 text-sm">
            <legend className="mb-1 text-muted-foreground">Severities (none: any)</legend>
            {SEVERITIES.map((s) => (
              <label key={s} className="flex items-center gap-1">
                <input
                  type="checkbox"
                  checked={form.severities.includes(s)}
                  onChange={() => setForm({ ...form, severities: toggle(form.severities, s) })}
                />
                {s}
              </label>
            ))}
          </fieldset>
          <Label className="grid gap-1">
            Assign to
            <select
              className={inputClass}
              value={form.assigneeUserId}
              onChange={(e) => setForm({ ...form, assigneeUserId: e.target.value })}
            >
              <option value="">Nobody</option>
              {(members.data ?? [])
                .filter((m) => m.role !== "client")
                .map((m) => (
                  <option key={m.userId} value={m.userId}>
                    {m.name}
                  </option>
                ))}
            </select>
          </Label>
          {(destinations.data ?? []).length > 0 && (
            <fieldset className="flex flex-wrap gap-3 text-sm">
              <legend className="mb-1 text-muted-foreground">Destinations</legend>
              {(destinations.data ?? []).map((d) => (
                <label key={d.id} className="flex items-center gap-1">
                  <input
                    type="checkbox"
                    checked={form.destinationIds.includes(d.id)}
                    onChange={() =>
                      setForm({ ...form, destinationIds: toggle(form.destinationIds, d.id) })
                    }
                  />
                  {d.name}
                </label>
              ))}
            </fieldset>
          )}
          <label className="flex items-center gap-2 text-sm">
            <input
              type="checkbox"
              checked={form.continueMatching}
              onChange={(e) => setForm({ ...form, continueMatching: e.target.checked })}
            />
            Continue: let the rules below match too
          </label>
          <Button type="submit" disabled={create.isPending} className="justify-self-start">
            Add rule
          </Button>
        </form>
      )}
      <DestinationsCard />
    </div>
  );
}
