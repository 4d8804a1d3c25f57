import { type FormEvent, useState } from "react";
import { useNavigate } from "react-router";
import { ChoiceField } from "../../components/choice-field.tsx";
import { ConfirmDialog } from "../../components/confirm-dialog.tsx";
import { FormField } from "../../components/form-field.tsx";
import { Alert } from "../../components/ui/alert.tsx";
import { Button } from "../../components/ui/button.tsx";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from "../../components/ui/dialog.tsx";
import { Input, Textarea } from "../../components/ui/input.tsx";
import { errorMessage, type OperationOutput } from "../../lib/api.ts";
import { useOperation, useOperationMutation } from "../../lib/operations.ts";
import { providerLabel, typeLabel } from "./resource-labels.ts";

type Service = OperationOutput<"services.get">;

const TIERS = ["critical", "high", "medium", "low"] as const;

/** `service=checkout, env=prod` → { service: "checkout", env: "prod" }. */
export function parseSelector(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of text.split(",")) {
    const [key, ...rest] = part.split("=");
    if (key?.trim()) out[key.trim()] = rest.join("=").trim();
  }
  return out;
}

const selectorText = (selector: Record<string, string>) =>
  Object.entries(selector)
    .map(([k, v]) => `${k}=${v}`)
    .join(", ");

/** Edit, add resources to and delete a service: the buttons and what each opens. */
export function ServiceActions({ service }: { service: Service }) {
  const navigate = useNavigate();
  const [open, setOpen] = useState<"edit" | "add" | "delete" | null>(null);
  const remove = useOperationMutation("services.delete");
  const close = () => setOpen(null);
  return (
    <div className="flex flex-wrap gap-2 sm:ml-auto">
      <Button size="sm" variant="outline" onClick={() => setOpen("edit")}>
        Edit
      </Button>
      <Button size="sm" variant="outline" onClick={() => setOpen("add")}>
        Add resources
      </Button>
      <Button size="sm" variant="outline" onClick={() => setOpen("delete")}>
        Delete
      </Button>
      <Dialog open={open === "edit"} onOpenChange={(o) => !o && close()}>
        <DialogContent className="max-w-lg">
          {open === "edit" && <EditService service={service} onDone={close} />}
        </DialogContent>
      </Dialog>
      <Dialog open={open === "add"} onOpenChange={(o) => !o && close()}>
        <DialogContent className="max-w-2xl">
          {open === "add" && <AddResources service={service} onDone={close} />}
        </DialogContent>
      </Dialog>
      <ConfirmDialog
        open={open === "delete"}
        onOpenChange={(o) => !o && close()}
        title={`Delete the service “${service.name}”?`}
        description="It leaves the catalog; its resources stay in the inventory."
        confirmLabel="Delete service"
        onConfirm={async () => {
          await remove.mutateAsync({ id: service.id });
          navigate("/inventory/services");
        }}
      />
    </div>
  );
}

function EditService({ service, onDone }: { service: Service; onDone: () => void }) {
  const members = useOperation("members.list", {});
  const [f, setF] = useState({
    name: service.name,
    description: service.description,
    ownerUserId: service.ownerUserId ?? "",
    tier: service.tier as string,
    runbookUrl: service.runbookUrl ?? "",
    repoUrl: service.repoUrl ?? "",
    selector: selectorText(service.tagSelector),
  });
  const update = useOperationMutation("services.update", { onSuccess: onDone });
  const set = (key: keyof typeof f) => (value: string) => setF({ ...f, [key]: value });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    update.mutate({
      id: service.id,
      name: f.name.trim(),
      description: f.description,
      ownerUserId: f.ownerUserId || null,
      tier: f.tier as (typeof TIERS)[number],
      runbookUrl: f.runbookUrl.trim() || null,
      repoUrl: f.repoUrl.trim() || null,
      tagSelector: parseSelector(f.selector),
    });
  };
  return (
    <form onSubmit={submit} className="grid gap-4" aria-label="Edit service">
      <DialogHeader>
        <DialogTitle>Edit {service.name}</DialogTitle>
        <DialogDescription>
          Who owns it, how much its failing matters, where its runbook and code live, and which
          tagged resources belong to it.
        </DialogDescription>
      </DialogHeader>
      <FormField id="service-edit-name" label="Name">
        <Input
          id="service-edit-name"
          value={f.name}
          onChange={(e) => set("name")(e.target.value)}
          required
        />
      </FormField>
      <FormField id="service-edit-description" label="Description">
        <Textarea
          id="service-edit-description"
          value={f.description}
          onChange={(e) => set("description")(e.target.value)}
        />
      </FormField>
      <div className="grid gap-4 sm:grid-cols-2">
        <ChoiceField
          id="service-edit-owner"
          label="Owner"
          value={f.ownerUserId}
          options={[
            ["", "No owner"],
            ...(members.data ?? [])
              .filter((m) => m.role !== "client")
              .map((m) => [m.userId, m.name] as const),
          ]}
          onChange={set("ownerUserId")}
        />
        <ChoiceField
          id="service-edit-tier"
          label="Tier"
          value={f.tier}
          options={TIERS.map((t) => [t, t] as const)}
          onChange={set("tier")}
        />
      </div>
      <FormField id="service-edit-runbook" label="Runbook URL">
        <Input
          id="service-edit-runbook"
          type="url"
          value={f.runbookUrl}
          onChange={(e) => set("runbookUrl")(e.target.value)}
        />
      </FormField>
      <FormField id="service-edit-repo" label="Repository URL">
        <Input
          id="service-edit-repo"
          type="url"
          value={f.repoUrl}
          onChange={(e) => set("repoUrl")(e.target.value)}
        />
      </FormField>
      <FormField
        id="service-edit-selector"
        label="Members by tag"
        hint="key=value, comma-separated: every resource with all of them belongs"
      >
        <Input
          id="service-edit-selector"
          value={f.selector}
          onChange={(e) => set("selector")(e.target.value)}
          placeholder="service=checkout"
        />
      </FormField>
      {update.error && <Alert variant="destructive">{errorMessage(update.error)}</Alert>}
      <DialogFooter>
        <Button type="button" variant="outline" onClick={onDone}>
          Cancel
        </Button>
        <Button type="submit" loading={update.isPending}>
          Save
        </Button>
      </DialogFooter>
    </form>
  );
}

function AddResources({ service, onDone }: { service: Service; onDone: () => void }) {
  const [q, setQ] = useState("");
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const found = useOperation("inventory.search", {
    q: q.trim() || undefined,
    facets: false,
    limit: 50,
  });
  const add = useOperationMutation("services.addResources", { onSuccess: onDone });
  const members = new Set(service.members.map((m) => m.id));
  const toggle = (id: string) => {
    const next = new Set(chosen);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setChosen(next);
  };
  return (
    <div className="grid gap-4">
      <DialogHeader>
        <DialogTitle>Add resources to {service.name}</DialogTitle>
        <DialogDescription>
          Listed resources belong to the service whatever their tags.
        </DialogDescription>
      </DialogHeader>
      <FormField id="service-add-search" label="Find resources">
        <Input
          id="service-add-search"
          value={q}
          onChange={(e) => setQ(e.target.value)}
          placeholder="Name, id or cost ResourceId"
        />
      </FormField>
      <ul
        className="max-h-80 divide-y overflow-y-auto rounded-md border text-sm"
        aria-label="Resources found"
      >
        {(found.data?.items ?? []).map((r) => (
          <li key={r.id} className="flex items-center gap-2 px-3 py-2">
            <input
              type="checkbox"
              id={`add-${r.id}`}
              checked={members.has(r.id) || chosen.has(r.id)}
              disabled={members.has(r.id)}
              onChange={() => toggle(r.id)}
            />
            <label htmlFor={`add-${r.id}`} className="min-w-0 flex-1">
              <span className="font-medium">{r.name}</span>{" "}
              <span className="text-muted-foreground">
                {typeLabel(r.type)} · {providerLabel(r.provider)} · {r.region}
                {members.has(r.id) ? " · already a member" : ""}
              </span>
            </label>
          </li>
        ))}
        {found.data?.items.length === 0 && (
          <li className="px-3 py-2 text-muted-foreground">No resource matches.</li>
        )}
      </ul>
      {add.error && <Alert variant="destructive">{errorMessage(add.error)}</Alert>}
      <DialogFooter>
        <Button type="button" variant="outline" onClick={onDone}>
          Cancel
        </Button>
        <Button
          disabled={chosen.size === 0}
          loading={add.isPending}
          onClick={() => add.mutate({ id: service.id, resourceIds: [...chosen] })}
        >
          Add {chosen.size || ""} {chosen.size === 1 ? "resource" : "resources"}
        </Button>
      </DialogFooter>
    </div>
  );
}
