import { Plus, X } from "lucide-react";
import { type FormEvent, type ReactNode, useState } from "react";
import { Alert } from "../../components/ui/alert.tsx";
import { Button } from "../../components/ui/button.tsx";
import {
  Card,
  CardContent,
  CardDescription,
  CardHeader,
  CardTitle,
} from "../../components/ui/card.tsx";
import { Checkbox } from "../../components/ui/checkbox.tsx";
import { Input } from "../../components/ui/input.tsx";
import { Label } from "../../components/ui/label.tsx";
import { useToast } from "../../components/ui/toast.tsx";
import { ApiError, errorMessage } from "../../lib/api.ts";
import { fieldError } from "../../lib/form-errors.ts";
import { useOperationMutation } from "../../lib/operations.ts";
import { ChoiceField, TextField } from "./fields.tsx";
import type { ClientDetail } from "./invoice-format.ts";
import { type Draft, draftOf, type Override, planOf } from "./pricing-draft.ts";
import { TaskRatesField } from "./task-rates-field.tsx";

function Part(props: {
  id: string;
  title: string;
  description: string;
  isOn: boolean;
  onToggle: (on: boolean) => void;
  isReadOnly: boolean;
  children: ReactNode;
}) {
  return (
    <fieldset className="grid gap-3 rounded-lg border p-4">
      <Label className="flex items-start gap-2">
        <Checkbox
          checked={props.isOn}
          disabled={props.isReadOnly}
          onCheckedChange={(v) => props.onToggle(v === true)}
          data-testid={`pricing-${props.id}`}
        />
        <span>
          <span className="font-medium">{props.title}</span>
          <span className="block text-xs font-normal text-muted-foreground">
            {props.description}
          </span>
        </span>
      </Label>
      {props.isOn && <div className="grid gap-3 sm:grid-cols-2">{props.children}</div>}
    </fieldset>
  );
}

const CLIENT_PLAN = "client";

/**
 * How the client is charged, and how each of its projects is if it differs: the parts combine
 * on every monthly invoice; a project's own plan replaces the client's for its time and costs.
 */
export function PricingEditor({
  client,
  isReadOnly,
}: {
  client: ClientDetail;
  isReadOnly: boolean;
}) {
  const [target, setTarget] = useState(CLIENT_PLAN);
  const project = client.projects.find((p) => p.id === target);
  return (
    <Card>
      <CardHeader>
        <div>
          <CardTitle>Pricing</CardTitle>
          <CardDescription>
            The parts combine on each monthly invoice; drafts are priced when they are made.
          </CardDescription>
        </div>
      </CardHeader>
      <CardContent className="grid gap-4">
        {client.projects.length > 0 && (
          <div className="grid gap-2 sm:max-w-sm">
            <ChoiceField
              id="pricing-target"
              label="Applies to"
              value={target}
              onChange={setTarget}
              options={[
                [CLIENT_PLAN, "The client (all its projects)"],
                ...client.projects.map(
                  (p) => [p.id, `${p.key} — ${p.name}${p.plan ? " (own plan)" : ""}`] as const,
                ),
              ]}
            />
          </div>
        )}
        <PlanForm
          // A new form per target: its draft starts from that target's plan.
          key={target}
          client={client}
          project={project ?? null}
          isReadOnly={isReadOnly}
        />
      </CardContent>
    </Card>
  );
}

function PlanForm({
  client,
  project,
  isReadOnly,
}: {
  client: ClientDetail;
  project: ClientDetail["projects"][number] | null;
  isReadOnly: boolean;
}) {
  // A project without its own plan starts from a copy of the client's.
  const [d, setDraft] = useState(() => draftOf(project?.plan ?? client.pricing));
  const save = useOperationMutation("clients.pricing.set");
  const toast = useToast();
  const set =
    <K extends keyof Draft>(key: K) =>
    (value: Draft[K]) =>
      setDraft((x) => ({ ...x, [key]: value }));
  const error = (field: string) => fieldError(save.error, `plan.${field}`);
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate(
      { clientId: client.id, projectId: project?.id ?? null, plan: planOf(d) },
      {
        onSuccess: (plan) => {
          setDraft(draftOf(plan));
          toast({ title: "Pricing saved", description: "The next draft invoice uses it." });
        },
      },
    );
  };
  const dropProjectPlan = () => {
    if (!project) return;
    save.mutate(
      { clientId: client.id, projectId: project.id, plan: null },
      {
        onSuccess: () => {
          setDraft(draftOf(client.pricing));
          toast({
            title: "Project pricing removed",
            description: `${project.key} is charged by the client's plan again.`,
          });
        },
      },
    );
  };
  const setOverride = (i: number, patch: Partial<Override>) =>
    set("overrides")(d.overrides.map((o, j) => (j === i ? { ...o, ...patch } : o)));
  const overrideError =
    save.error instanceof ApiError && save.error.field?.startsWith("plan.cloud.overrides")
      ? errorMessage(save.error)
      : undefined;
  const isUnplaced =
    save.error && !(save.error instanceof ApiError && save.error.field?.startsWith("plan."));
  return (
    <form className="grid gap-4" onSubmit={onSubmit} noValidate aria-label="Pricing">
      {project && (
        <p className="text-sm text-muted-foreground" data-testid="pricing-project-note">
          {project.plan
            ? `${project.key} has its own plan: it replaces the client's for this project's time and costs.`
            : `${project.key} is charged by the client's plan. Saving here gives it its own plan, starting from a copy of the client's.`}
        </p>
      )}
      {isUnplaced && <Alert variant="destructive">{errorMessage(save.error)}</Alert>}
      <Part
        id="cloud"
        title="Cloud pass-through"
        description="Cloud cost allocated to the client, with a markup."
        isOn={d.hasCloud}
        onToggle={set("hasCloud")}
        isReadOnly={isReadOnly}
      >
        <ChoiceField
          id="pricing-basis"
          label="Cost basis"
          value={d.basis}
          onChange={(v) => set("basis")(v as Draft["basis"])}
          options={[
            ["BilledCost", "BilledCost: what was invoiced"],
            ["EffectiveCost", "EffectiveCost: amortised commitments"],
          ]}
        />
        <TextField
          id="pricing-markup"
          label="Markup %"
          inputMode="decimal"
          value={d.markupPercent}
          onChange={set("markupPercent")}
          error={error("cloud.markupPercent")}
        />
        <ChoiceField
          id="pricing-grouping"
          label="Invoice lines"
          value={d.lineGrouping}
          onChange={(v) => set("lineGrouping")(v as Draft["lineGrouping"])}
          options={[
            ["service", "One per service"],
            ["provider", "One per provider"],
          ]}
        />
        <div className="grid gap-2 sm:col-span-2">
          <span className="text-sm font-medium">Markup overrides</span>
          <p className="text-xs text-muted-foreground">
            The first override whose provider and service match wins; blank matches any.
          </p>
          {d.overrides.map((o, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: overrides are ordered rows without ids
            <div key={i} className="flex gap-2">
              <Input
                aria-label={`Override ${i + 1}: provider`}
                placeholder="Provider (any)"
                value={o.provider}
                onChange={(e) => setOverride(i, { provider: e.target.value })}
              />
              <Input
                aria-label={`Override ${i + 1}: service`}
                placeholder="Service (any)"
                value={o.service}
                onChange={(e) => setOverride(i, { service: e.target.value })}
              />
              <Input
                aria-label={`Override ${i + 1}: markup %`}
                className="w-28"
                inputMode="decimal"
                value={o.markupPercent}
                onChange={(e) => setOverride(i, { markupPercent: e.target.value })}
              />
              <Button
                variant="ghost"
                size="icon"
                aria-label={`Remove override ${i + 1}`}
                onClick={() => set("overrides")(d.overrides.filter((_, j) => j !== i))}
              >
                <X aria-hidden />
              </Button>
            </div>
          ))}
          {overrideError && <p className="text-sm text-destructive">{overrideError}</p>}
          {!isReadOnly && (
            <Button
              variant="outline"
              size="sm"
              className="w-fit"
              onClick={() =>
                set("overrides")([
                  ...d.overrides,
                  { provider: "", service: "", markupPercent: d.markupPercent },
                ])
              }
            >
              <Plus aria-hidden /> Add override
            </Button>
          )}
        </div>
      </Part>
      <Part
        id="retainer"
        title="Monthly retainer"
        description="A fixed amount every month."
        isOn={d.hasRetainer}
        onToggle={set("hasRetainer")}
        isReadOnly={isReadOnly}
      >
        <TextField
          id="pricing-retainer-amount"
          label="Amount per month"
          inputMode="decimal"
          value={d.retainerAmount}
          onChange={set("retainerAmount")}
          error={error("retainer.amount")}
        />
        <TextField
          id="pricing-retainer-description"
          label="Line text"
          value={d.retainerDescription}
          onChange={set("retainerDescription")}
          error={error("retainer.description")}
        />
      </Part>
      <Part
        id="hourly"
        title="Billable hours"
        description="Billable time on the client's projects, at each entry's rate or the rate of its task type."
        isOn={d.hasHourly}
        onToggle={set("hasHourly")}
        isReadOnly={isReadOnly}
      >
        <TextField
          id="pricing-hourly-rate"
          label="Default hourly rate"
          inputMode="decimal"
          value={d.defaultRate}
          onChange={set("defaultRate")}
          hint="For entries logged without a rate."
          error={error("hourly.defaultRate")}
        />
        <TaskRatesField
          rates={d.taskRates}
          onChange={set("taskRates")}
          isReadOnly={isReadOnly}
          error={
            save.error instanceof ApiError && save.error.field?.startsWith("plan.hourly.taskRates")
              ? errorMessage(save.error)
              : undefined
          }
        />
      </Part>
      <Part
        id="resource-fee"
        title="Fee per resource"
        description="A fee for each cloud resource allocated to the client in the month."
        isOn={d.hasResourceFee}
        onToggle={set("hasResourceFee")}
        isReadOnly={isReadOnly}
      >
        <TextField
          id="pricing-fee-amount"
          label="Fee per resource"
          inputMode="decimal"
          value={d.resourceFeeAmount}
          onChange={set("resourceFeeAmount")}
          error={error("resourceFee.amount")}
        />
        <TextField
          id="pricing-fee-description"
          label="Line text"
          value={d.resourceFeeDescription}
          onChange={set("resourceFeeDescription")}
          error={error("resourceFee.description")}
        />
      </Part>
      <div className="grid gap-3 sm:grid-cols-3">
        <TextField
          id="pricing-minimum"
          label="Minimum fee"
          inputMode="decimal"
          placeholder="None"
          value={d.minimumFee}
          onChange={set("minimumFee")}
          error={error("minimumFee")}
        />
        <TextField
          id="pricing-discount"
          label="Discount %"
          inputMode="decimal"
          placeholder="None"
          value={d.discountPercent}
          onChange={set("discountPercent")}
          error={error("discountPercent")}
        />
        <TextField
          id="pricing-tax"
          label="Tax rate %"
          inputMode="decimal"
          placeholder="The client's"
          value={d.taxRate}
          onChange={set("taxRate")}
          error={error("taxRate")}
        />
      </div>
      <Label className="flex items-center gap-2 font-normal">
        <Checkbox
          checked={d.autoDraft}
          disabled={isReadOnly}
          onCheckedChange={(v) => set("autoDraft")(v === true)}
          data-testid="pricing-auto-draft"
        />
        Draft last month&apos;s invoice on the 1st of every month, for review
      </Label>
      {!isReadOnly && (
        <div className="flex flex-wrap gap-2">
          <Button
            type="submit"
            className="w-fit"
            loading={save.isPending}
            data-testid="pricing-save"
          >
            {project ? `Save ${project.key} pricing` : "Save pricing"}
          </Button>
          {project?.plan && (
            <Button variant="outline" onClick={dropProjectPlan} disabled={save.isPending}>
              Use the client&apos;s plan
            </Button>
          )}
        </div>
      )}
    </form>
  );
}
