import { type FormEvent, useState } from "react";
import { FormField } from "../../components/form-field.tsx";
import { PageHeader } from "../../components/page-header.tsx";
import { QueryState } from "../../components/query-state.tsx";
import { Alert } from "../../components/ui/alert.tsx";
import { Button } from "../../components/ui/button.tsx";
import { Card, CardContent } from "../../components/ui/card.tsx";
import { Input } from "../../components/ui/input.tsx";
import { useToast } from "../../components/ui/toast.tsx";
import type { OperationOutput } from "../../lib/api.ts";
import { fieldError, formError, formText } from "../../lib/form-errors.ts";
import { useOperation, useOperationMutation } from "../../lib/operations.ts";
import { can } from "../../lib/roles.ts";
import { useSession } from "../../lib/session.tsx";
import { EmbeddingSettingsCard } from "./embedding-settings-card.tsx";
import { ConnectionFields, type ProviderOption, ProviderSelect } from "./provider-fields.tsx";

type Settings = OperationOutput<"ai.settings.get">;
type Provider = "openai" | "anthropic" | "ollama" | "openai-compatible";

const PROVIDERS: (ProviderOption<Provider> & { baseUrlHint: string })[] = [
  {
    value: "openai-compatible",
    label: "OpenAI-compatible server",
    baseUrlHint:
      "Required: e.g. http://localhost:8080/v1 (llama.cpp llama-server --jinja), http://localhost:8000/v1 (vLLM), http://localhost:1234/v1 (LM Studio)",
  },
  { value: "openai", label: "OpenAI", baseUrlHint: "Optional: leave empty for api.openai.com" },
  {
    value: "anthropic",
    label: "Anthropic",
    baseUrlHint: "Optional: leave empty for api.anthropic.com",
  },
  { value: "ollama", label: "Ollama", baseUrlHint: "Optional: http://localhost:11434 by default" },
];
const FIELDS = [
  "provider",
  "model",
  "baseUrl",
  "apiKey",
  "inputPricePerMillion",
  "outputPricePerMillion",
  "currency",
  "monthlyBudget",
];

function SettingsForm({ settings }: { settings: Settings }) {
  const { role } = useSession();
  const canEdit = can(role, "ai:manage");
  const toast = useToast();
  const [provider, setProvider] = useState<Provider>(settings.provider ?? "openai-compatible");
  const save = useOperationMutation("ai.settings.set", {
    onSuccess: () => toast({ title: "AI settings saved" }),
  });
  const test = useOperationMutation("ai.settings.test");
  const hint = PROVIDERS.find((p) => p.value === provider)?.baseUrlHint;
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const text = (name: string) => formText(form, name).trim();
    const optional = (name: string) => text(name) || null;
    save.mutate({
      provider,
      model: text("model"),
      baseUrl: optional("baseUrl"),
      ...(text("apiKey") ? { apiKey: text("apiKey") } : {}),
      inputPricePerMillion: optional("inputPricePerMillion"),
      outputPricePerMillion: optional("outputPricePerMillion"),
      currency: text("currency") || "USD",
      monthlyBudget: optional("monthlyBudget"),
    });
  };
  const field = (name: string) => fieldError(save.error, name);
  const topError = formError(save.error, FIELDS);
  return (
    <form
      className="grid max-w-xl gap-4"
      onSubmit={onSubmit}
      aria-label="AI model settings"
      noValidate
    >
      {topError && <Alert variant="destructive">{topError}</Alert>}
      <ProviderSelect
        id="ai-provider"
        label="Provider"
        providers={PROVIDERS}
        value={provider}
        onChange={setProvider}
        disabled={!canEdit}
      />
      <ConnectionFields
        idPrefix="ai"
        model={{
          defaultValue: settings.model ?? "",
          hint: "e.g. gpt-4o-mini, claude-sonnet-4-5, qwen3:8b",
        }}
        baseUrl={{ defaultValue: settings.baseUrl ?? "", hint }}
        apiKeyHint={
          settings.hasApiKey
            ? `Stored in the vault (${settings.apiKeyMasked ?? "set"}). Leave empty to keep it.`
            : "Stored encrypted in the vault and never shown again. Local servers usually need none."
        }
        disabled={!canEdit}
        errorOf={field}
      />
      <div className="grid grid-cols-2 gap-4 sm:grid-cols-3">
        <FormField
          id="ai-in-price"
          label="Input price / 1M tokens"
          error={field("inputPricePerMillion")}
        >
          <Input
            id="ai-in-price"
            name="inputPricePerMillion"
            inputMode="decimal"
            defaultValue={settings.inputPricePerMillion ?? ""}
            disabled={!canEdit}
          />
        </FormField>
        <FormField
          id="ai-out-price"
          label="Output price / 1M tokens"
          error={field("outputPricePerMillion")}
        >
          <Input
            id="ai-out-price"
            name="outputPricePerMillion"
            inputMode="decimal"
            defaultValue={settings.outputPricePerMillion ?? ""}
            disabled={!canEdit}
          />
        </FormField>
        <FormField id="ai-currency" label="Currency" error={field("currency")}>
          <Input
            id="ai-currency"
            name="currency"
            defaultValue={settings.currency}
            maxLength={3}
            disabled={!canEdit}
          />
        </FormField>
      </div>
      <FormField
        id="ai-budget"
        label="Monthly AI budget"
        error={field("monthlyBudget")}
        hint="The agent refuses new questions once this month's AI spend reaches it. Empty: no limit."
      >
        <Input
          id="ai-budget"
          name="monthlyBudget"
          inputMode="decimal"
          defaultValue={settings.monthlyBudget ?? ""}
          disabled={!canEdit}
        />
      </FormField>
      {canEdit && (
        <div className="flex flex-wrap items-center gap-2">
          <Button type="submit" disabled={save.isPending}>
            Save
          </Button>
          <Button
            type="button"
            variant="outline"
            disabled={!settings.configured || test.isPending}
            onClick={() => test.mutate({})}
          >
            {test.isPending ? "Testing…" : "Test the model"}
          </Button>
          {test.data && (
            <span
              className={test.data.ok ? "text-sm text-success" : "text-sm text-destructive"}
              role="status"
            >
              {test.data.ok
                ? `Answered in ${test.data.latencyMs} ms: “${test.data.message}”`
                : `Failed: ${test.data.message}`}
            </span>
          )}
        </div>
      )}
    </form>
  );
}

export function AiSettingsPage() {
  const settings = useOperation("ai.settings.get", {});
  return (
    <>
      <PageHeader
        title="AI model"
        description="The model behind the AI workbench for this workspace. Changes the agent proposes always wait for a person's approval."
      />
      <Card>
        <CardContent className="pt-6">
          <QueryState query={settings}>
            {(s) => <SettingsForm key={s.updatedAt ?? "new"} settings={s} />}
          </QueryState>
        </CardContent>
      </Card>
      <div className="mt-6">
        <EmbeddingSettingsCard />
      </div>
    </>
  );
}
