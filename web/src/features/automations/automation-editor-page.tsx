import { Plus, Save } from "lucide-react";
import { useEffect, useState } from "react";
import { useLocation, useNavigate, useParams, useSearchParams } from "react-router";
import { FormField } from "../../components/form-field.tsx";
import { PageHeader } from "../../components/page-header.tsx";
import { QueryState } from "../../components/query-state.tsx";
import { Alert } from "../../components/ui/alert.tsx";
import { Button } from "../../components/ui/button.tsx";
import { Checkbox } from "../../components/ui/checkbox.tsx";
import { Input } from "../../components/ui/input.tsx";
import { Label } from "../../components/ui/label.tsx";
import { errorMessage } from "../../lib/api.ts";
import { useOperation, useOperationMutation } from "../../lib/operations.ts";
import { can } from "../../lib/roles.ts";
import { useSession } from "../../lib/session.tsx";
import { AutomationSidePanel } from "./automation-side-panel.tsx";
import { type Draft, DraftError, emptyStep, type StepDraft, toDraftStep, toStep } from "./draft.ts";
import type { Automation } from "./labels.ts";
import { StepFields } from "./step-fields.tsx";
import { TriggerFields } from "./trigger-fields.tsx";

const NEW_DRAFT: Draft = {
  name: "",
  description: "",
  enabled: true,
  trigger: { kind: "manual" },
  steps: [emptyStep("operation", 0)],
};

function draftOf(
  automation: Pick<Automation, "name" | "description" | "enabled" | "trigger" | "steps">,
): Draft {
  return {
    name: automation.name,
    description: automation.description ?? "",
    enabled: automation.enabled,
    trigger: automation.trigger,
    steps: automation.steps.map(toDraftStep),
  };
}

/** Create or edit an automation; for a saved one, runs, webhook and pre-approvals beside it. */
export function AutomationEditorPage() {
  const { id } = useParams();
  const [search] = useSearchParams();
  const templateId = search.get("template");
  const existing = useOperation("automations.get", { id: id ?? "" }, { enabled: !!id });
  const templates = useOperation("automations.templates", {}, { enabled: !id && !!templateId });
  const operations = useOperation("automations.operations", {});
  const [draft, setDraft] = useState<Draft | undefined>(id || templateId ? undefined : NEW_DRAFT);

  useEffect(() => {
    if (id && existing.data && !draft) setDraft(draftOf(existing.data));
  }, [id, existing.data, draft]);
  useEffect(() => {
    const template = templates.data?.find((t) => t.id === templateId);
    if (!id && template && !draft)
      setDraft(draftOf({ ...template, description: template.description, enabled: true }));
  }, [id, templateId, templates.data, draft]);

  return (
    <>
      <PageHeader
        title={id ? (existing.data?.name ?? "Automation") : "New automation"}
        description="When the trigger fires, the steps run in order, each as the person who last saved the automation."
      />
      <datalist id="automation-operations">
        {(operations.data ?? []).map((op) => (
          <option key={op.name} value={op.name}>
            {op.summary}
          </option>
        ))}
      </datalist>
      {id ? (
        <QueryState query={existing}>
          {(automation) =>
            draft ? (
              <div className="grid gap-6 xl:grid-cols-[1fr_22rem]">
                <EditorForm
                  id={id}
                  draft={draft}
                  setDraft={setDraft}
                  operations={operations.data ?? []}
                />
                <AutomationSidePanel automation={automation} operations={operations.data ?? []} />
              </div>
            ) : null
          }
        </QueryState>
      ) : draft ? (
        <EditorForm draft={draft} setDraft={setDraft} operations={operations.data ?? []} />
      ) : (
        <QueryState query={templates}>{() => null}</QueryState>
      )}
    </>
  );
}

function EditorForm({
  id,
  draft,
  setDraft,
  operations,
}: {
  id?: string;
  draft: Draft;
  setDraft: (draft: Draft) => void;
  operations: { name: string; summary: string; mutates: boolean }[];
}) {
  const navigate = useNavigate();
  const location = useLocation();
  const { role } = useSession();
  const [error, setError] = useState<string>();
  const [saved, setSaved] = useState<string>();
  const canManage = can(role, "automations:manage");
  const onSaved = (result: { id: string; webhookSecret: string | null }) => {
    setError(undefined);
    setSaved("Saved.");
    if (!id)
      navigate(`/automations/${result.id}`, {
        replace: true,
        state: { webhookSecret: result.webhookSecret },
      });
    else if (result.webhookSecret)
      navigate(location.pathname, {
        replace: true,
        state: { webhookSecret: result.webhookSecret },
      });
  };
  const create = useOperationMutation("automations.create", {
    onSuccess: onSaved,
    onError: (e) => setError(errorMessage(e)),
  });
  const update = useOperationMutation("automations.update", {
    onSuccess: onSaved,
    onError: (e) => setError(errorMessage(e)),
  });
  const setStep = (index: number, step: StepDraft) =>
    setDraft({ ...draft, steps: draft.steps.map((s, i) => (i === index ? step : s)) });
  const move = (index: number, offset: -1 | 1) => {
    const steps = [...draft.steps];
    const [step] = steps.splice(index, 1);
    steps.splice(index + offset, 0, step!);
    setDraft({ ...draft, steps });
  };

  const save = () => {
    setSaved(undefined);
    try {
      const body = {
        name: draft.name,
        description: draft.description.trim() || undefined,
        enabled: draft.enabled,
        trigger: draft.trigger,
        steps: draft.steps.map(toStep),
      };
      if (id) update.mutate({ id, ...body, description: body.description ?? null });
      else create.mutate(body);
    } catch (caught) {
      if (caught instanceof DraftError) setError(caught.message);
      else throw caught;
    }
  };

  return (
    <form
      className="flex flex-col gap-6"
      aria-label="Automation"
      onSubmit={(event) => {
        event.preventDefault();
        save();
      }}
    >
      <div className="grid gap-4 md:grid-cols-2">
        <FormField id="automation-name" label="Name">
          <Input
            id="automation-name"
            value={draft.name}
            onChange={(e) => setDraft({ ...draft, name: e.target.value })}
          />
        </FormField>
        <FormField id="automation-description" label="Description (optional)">
          <Input
            id="automation-description"
            value={draft.description}
            onChange={(e) => setDraft({ ...draft, description: e.target.value })}
          />
        </FormField>
      </div>
      <div className="flex items-center gap-2">
        <Checkbox
          id="automation-enabled"
          checked={draft.enabled}
          onCheckedChange={(checked) => setDraft({ ...draft, enabled: checked === true })}
        />
        <Label htmlFor="automation-enabled">Enabled (its trigger starts runs)</Label>
      </div>
      <TriggerFields
        trigger={draft.trigger}
        onChange={(trigger) => setDraft({ ...draft, trigger })}
      />
      <section aria-label="Steps" className="flex flex-col gap-3">
        <h2 className="text-lg font-semibold">Steps</h2>
        {draft.steps.map((step, index) => (
          <StepFields
            // Steps have no id until saved; the position is their identity while editing.
            // biome-ignore lint/suspicious/noArrayIndexKey: see above
            key={index}
            step={step}
            index={index}
            count={draft.steps.length}
            operations={operations}
            onChange={(next) => setStep(index, next)}
            onMove={(offset) => move(index, offset)}
            onRemove={() =>
              setDraft({ ...draft, steps: draft.steps.filter((_, i) => i !== index) })
            }
          />
        ))}
        <Button
          type="button"
          variant="outline"
          className="w-fit"
          onClick={() =>
            setDraft({
              ...draft,
              steps: [...draft.steps, emptyStep("operation", draft.steps.length)],
            })
          }
        >
          <Plus aria-hidden /> Add step
        </Button>
      </section>
      {error && (
        <Alert variant="destructive" title="Not saved">
          <p>{error}</p>
        </Alert>
      )}
      {saved && !error && (
        <p role="status" className="text-sm text-success">
          {saved}
        </p>
      )}
      {canManage && (
        <Button type="submit" className="w-fit" disabled={create.isPending || update.isPending}>
          <Save aria-hidden /> {id ? "Save changes" : "Create automation"}
        </Button>
      )}
    </form>
  );
}
