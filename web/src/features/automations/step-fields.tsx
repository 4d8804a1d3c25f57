import { ArrowDown, ArrowUp, Trash2 } from "lucide-react";
import { FormField } from "../../components/form-field.tsx";
import { Badge } from "../../components/ui/badge.tsx";
import { Button } from "../../components/ui/button.tsx";
import { Card } from "../../components/ui/card.tsx";
import { Input, Textarea } from "../../components/ui/input.tsx";
import type { StepDraft } from "./draft.ts";
import { STEP_LABELS } from "./labels.ts";
import { nativeSelect } from "./trigger-fields.tsx";

export interface OperationInfo {
  name: string;
  summary: string;
  mutates: boolean;
}

interface StepFieldsProps {
  step: StepDraft;
  index: number;
  count: number;
  operations: OperationInfo[];
  onChange: (step: StepDraft) => void;
  onMove: (offset: -1 | 1) => void;
  onRemove: () => void;
}

/** One step of the editor: its kind, key and the fields of that kind. */
export function StepFields({
  step,
  index,
  count,
  operations,
  onChange,
  onMove,
  onRemove,
}: StepFieldsProps) {
  const id = (field: string) => `step-${index}-${field}`;
  const set = (patch: Partial<StepDraft>) => onChange({ ...step, ...patch });
  const operation = operations.find((op) => op.name === step.operation.trim());
  return (
    <Card className="flex flex-col gap-4 p-4" aria-label={`Step ${index + 1}`} role="group">
      <div className="flex flex-wrap items-end gap-3">
        <span className="pb-2 text-sm font-semibold">{index + 1}.</span>
        <div className="w-52">
          <FormField id={id("kind")} label="Kind">
            <select
              id={id("kind")}
              className={nativeSelect}
              value={step.kind}
              onChange={(event) => set({ kind: event.target.value as StepDraft["kind"] })}
            >
              {Object.entries(STEP_LABELS).map(([kind, label]) => (
                <option key={kind} value={kind}>
                  {label}
                </option>
              ))}
            </select>
          </FormField>
        </div>
        <div className="w-40">
          <FormField id={id("key")} label="Key">
            <Input
              id={id("key")}
              value={step.key}
              onChange={(event) => set({ key: event.target.value })}
            />
          </FormField>
        </div>
        <div className="ml-auto flex gap-1">
          <Button
            variant="ghost"
            size="icon"
            aria-label="Move up"
            disabled={index === 0}
            onClick={() => onMove(-1)}
          >
            <ArrowUp aria-hidden />
          </Button>
          <Button
            variant="ghost"
            size="icon"
            aria-label="Move down"
            disabled={index === count - 1}
            onClick={() => onMove(1)}
          >
            <ArrowDown aria-hidden />
          </Button>
          <Button
            variant="ghost"
            size="icon"
            aria-label={`Remove step ${index + 1}`}
            onClick={onRemove}
          >
            <Trash2 aria-hidden />
          </Button>
        </div>
      </div>
      {step.kind === "operation" && (
        <>
          <FormField
            id={id("operation")}
            label="Operation"
            hint={
              operation
                ? `${operation.summary}${operation.mutates ? " — changes data: waits for approval unless pre-approved" : ""}`
                : "e.g. costs.summary"
            }
          >
            <div className="flex items-center gap-2">
              <Input
                id={id("operation")}
                list="automation-operations"
                value={step.operation}
                onChange={(event) => set({ operation: event.target.value })}
              />
              {operation?.mutates && <Badge variant="warning">needs approval</Badge>}
            </div>
          </FormField>
          <FormField
            id={id("input")}
            label="Input (JSON)"
            hint="Strings may use {{ trigger.… }} and {{ steps.<key>.output.… }}"
          >
            <Textarea
              id={id("input")}
              className="font-mono"
              value={step.inputText}
              onChange={(event) => set({ inputText: event.target.value })}
            />
          </FormField>
        </>
      )}
      {step.kind === "agent" && (
        <FormField
          id={id("prompt")}
          label="Prompt"
          hint="Runs without a person at the keyboard; needs a model in Settings → AI"
        >
          <Textarea
            id={id("prompt")}
            className="font-mono"
            value={step.prompt}
            onChange={(event) => set({ prompt: event.target.value })}
          />
        </FormField>
      )}
      {step.kind === "condition" && (
        <FormField
          id={id("expression")}
          label="Continue only if"
          hint="e.g. steps.find.output.total > 100 && trigger.severity == 'high'"
        >
          <Input
            id={id("expression")}
            value={step.expression}
            onChange={(event) => set({ expression: event.target.value })}
          />
        </FormField>
      )}
      {step.kind === "notify" && (
        <div className="grid gap-4 md:grid-cols-2">
          <FormField id={id("title")} label="Title">
            <Input
              id={id("title")}
              value={step.title}
              onChange={(event) => set({ title: event.target.value })}
            />
          </FormField>
          <FormField id={id("recipients")} label="To">
            <select
              id={id("recipients")}
              className={nativeSelect}
              value={step.recipients}
              onChange={(event) =>
                set({ recipients: event.target.value as StepDraft["recipients"] })
              }
            >
              <option value="runAs">The person it runs as</option>
              <option value="admins">Owners and admins</option>
              <option value="staff">Everyone on the team</option>
            </select>
          </FormField>
          <div className="md:col-span-2">
            <FormField id={id("body")} label="Message">
              <Textarea
                id={id("body")}
                className="font-mono"
                value={step.body}
                onChange={(event) => set({ body: event.target.value })}
              />
            </FormField>
          </div>
        </div>
      )}
      {step.kind !== "condition" && (
        <FormField
          id={id("when")}
          label="Only when (optional)"
          hint="Skip this step unless the expression is true"
        >
          <Input
            id={id("when")}
            value={step.when}
            onChange={(event) => set({ when: event.target.value })}
          />
        </FormField>
      )}
    </Card>
  );
}
