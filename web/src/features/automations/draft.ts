import type { Step, Trigger } from "./labels.ts";

/** A step as the form edits it: every kind's fields, the operation input as JSON text. */
export interface StepDraft {
  kind: Step["kind"];
  key: string;
  operation: string;
  inputText: string;
  prompt: string;
  expression: string;
  title: string;
  body: string;
  recipients: "runAs" | "admins" | "staff";
  when: string;
}

export interface Draft {
  name: string;
  description: string;
  enabled: boolean;
  trigger: Trigger;
  steps: StepDraft[];
}

export function emptyStep(kind: Step["kind"], index: number): StepDraft {
  return {
    kind,
    key: `step${index + 1}`,
    operation: "",
    inputText: "{}",
    prompt: "",
    expression: "",
    title: "",
    body: "",
    recipients: "runAs",
    when: "",
  };
}

export function toDraftStep(step: Step, index: number): StepDraft {
  const base = emptyStep(step.kind, index);
  return {
    ...base,
    ...step,
    key: step.key,
    inputText: step.kind === "operation" ? JSON.stringify(step.input ?? {}, null, 2) : "{}",
    when: "when" in step ? (step.when ?? "") : "",
  } as StepDraft;
}

export class DraftError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** The step the server takes; a bad JSON input names the step. */
export function toStep(draft: StepDraft, index: number): Step {
  const when = draft.when.trim() ? { when: draft.when.trim() } : {};
  switch (draft.kind) {
    case "operation": {
      let input: unknown;
      try {
        input = JSON.parse(draft.inputText || "{}");
      } catch {
        throw new DraftError(
          `steps.${index}.input`,
          `Step ${index + 1}: the input is not valid JSON`,
        );
      }
      if (!input || typeof input !== "object" || Array.isArray(input))
        throw new DraftError(
          `steps.${index}.input`,
          `Step ${index + 1}: the input must be a JSON object`,
        );
      return {
        kind: "operation",
        key: draft.key,
        operation: draft.operation.trim(),
        input: input as Record<string, unknown>,
        ...when,
      };
    }
    case "agent":
      return { kind: "agent", key: draft.key, prompt: draft.prompt, ...when };
    case "condition":
      return { kind: "condition", key: draft.key, expression: draft.expression };
    case "notify":
      return {
        kind: "notify",
        key: draft.key,
        title: draft.title,
        body: draft.body,
        recipients: draft.recipients,
        ...when,
      };
  }
}
