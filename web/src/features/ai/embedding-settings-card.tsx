import { type FormEvent, useState } from "react";
import { FormField } from "../../components/form-field.tsx";
import { QueryState } from "../../components/query-state.tsx";
import { Alert } from "../../components/ui/alert.tsx";
import { Button } from "../../components/ui/button.tsx";
import {
  Card,
  CardContent,
  CardDescription,
  CardHeader,
  CardTitle,
} from "../../components/ui/card.tsx";
import { Input } from "../../components/ui/input.tsx";
import { useToast } from "../../components/ui/toast.tsx";
import type { OperationOutput } from "../../lib/api.ts";
import { fieldError, formError, formText } from "../../lib/form-errors.ts";
import { useOperation, useOperationMutation } from "../../lib/operations.ts";
import { can } from "../../lib/roles.ts";
import { useSession } from "../../lib/session.tsx";
import { ConnectionFields, type ProviderOption, ProviderSelect } from "./provider-fields.tsx";

type Settings = OperationOutput<"search.embeddings.get">;
type Provider = Settings["provider"];

const PROVIDERS: (ProviderOption<Provider> & { modelHint: string; baseUrlHint: string })[] = [
  {
    value: "local",
    label: "Offline model (bundled)",
    modelHint: "Universal Sentence Encoder lite: nothing leaves this machine",
    baseUrlHint: "",
  },
  {
    value: "openai-compatible",
    label: "OpenAI-compatible server",
    modelHint: "The server's embedding model, e.g. nomic-embed-text-v1.5",
    baseUrlHint:
      "e.g. http://localhost:8080/v1 (llama-server --embeddings), http://localhost:8000/v1 (vLLM). Empty: the AI model's base URL above, if it is the same provider",
  },
  {
    value: "openai",
    label: "OpenAI",
    modelHint: "e.g. text-embedding-3-small",
    baseUrlHint: "Optional: leave empty for api.openai.com",
  },
  {
    value: "ollama",
    label: "Ollama",
    modelHint: "e.g. nomic-embed-text, mxbai-embed-large",
    baseUrlHint: "Optional: the AI model's Ollama URL, else http://localhost:11434",
  },
];
const FIELDS = ["provider", "model", "baseUrl", "apiKey", "pricePerMillion"];
/** While a new model is indexed the card follows its progress. */
const POLL_MS = 3_000;

function IndexStatus({ index }: { index: Settings["index"] }) {
  const share = index.total ? Math.round((100 * index.indexed) / index.total) : 100;
  return (
    <div className="grid gap-1 text-sm" role="status">
      <p>
        Search uses the index built with <code>{index.model}</code>
        {index.dimension ? ` (${index.dimension} dimensions)` : ""}.
      </p>
      {index.state === "reindexing" && (
        <p>
          Re-indexing with <code>{index.targetModel}</code>: {index.indexed} of {index.total} items
          ({share}%). Search keeps the current index until this is complete.
        </p>
      )}
      {index.lastError && (
        <Alert variant="destructive">
          The last index run failed and is retried: {index.lastError}
        </Alert>
      )}
    </div>
  );
}

function EmbeddingForm({ settings }: { settings: Settings }) {
  const { role } = useSession();
  const canEdit = can(role, "search:manage");
  const toast = useToast();
  const [provider, setProvider] = useState<Provider>(settings.provider);
  const save = useOperationMutation("search.embeddings.set", {
    onSuccess: (s) =>
      toast({
        title:
          s.index.state === "reindexing"
            ? "Embedding model saved: re-indexing in the background"
            : "Embedding model saved",
      }),
  });
  const chosen = PROVIDERS.find((p) => p.value === provider)!;
  const isLocal = provider === "local";
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const text = (name: string) => formText(form, name).trim();
    save.mutate(
      isLocal
        ? { provider }
        : {
            provider,
            model: text("model") || undefined,
            baseUrl: text("baseUrl") || null,
            pricePerMillion: text("pricePerMillion") || null,
            ...(text("apiKey") ? { apiKey: text("apiKey") } : {}),
          },
    );
  };
  const field = (name: string) => fieldError(save.error, name);
  const topError = formError(save.error, FIELDS);
  return (
    <form
      className="grid max-w-xl gap-4"
      onSubmit={onSubmit}
      aria-label="Embedding model settings"
      noValidate
    >
      <IndexStatus index={settings.index} />
      {topError && <Alert variant="destructive">{topError}</Alert>}
      <ProviderSelect
        id="embed-provider"
        label="Embedding model"
        hint={isLocal ? chosen.modelHint : undefined}
        providers={PROVIDERS}
        value={provider}
        onChange={setProvider}
        disabled={!canEdit}
      />
      {!isLocal && (
        <ConnectionFields
          idPrefix="embed"
          model={{
            defaultValue: settings.provider === "local" ? "" : settings.model,
            hint: chosen.modelHint,
          }}
          besideModel={
            <FormField
              id="embed-price"
              label="Price / 1M tokens"
              error={field("pricePerMillion")}
              hint="In the AI model's currency; counted in AI spend. Empty: free or unknown."
            >
              <Input
                id="embed-price"
                name="pricePerMillion"
                inputMode="decimal"
                defaultValue={settings.pricePerMillion ?? ""}
                disabled={!canEdit}
                aria-invalid={!!field("pricePerMillion")}
              />
            </FormField>
          }
          baseUrl={{ defaultValue: settings.baseUrl ?? "", hint: chosen.baseUrlHint }}
          apiKeyHint={
            settings.hasApiKey
              ? `${settings.reusesAiSettings ? "Reused from the AI model above" : "Stored in the vault"} (${settings.apiKeyMasked ?? "set"}). Leave empty to keep it.`
              : "Empty: the AI model's key when it is the same provider. Local servers usually need none."
          }
          disabled={!canEdit}
          errorOf={field}
        />
      )}
      {canEdit && (
        <div>
          <Button type="submit" disabled={save.isPending}>
            Use this embedding model
          </Button>
        </div>
      )}
    </form>
  );
}

/** Settings → AI: which model semantic search embeds with, and how far its index is. */
export function EmbeddingSettingsCard() {
  const settings = useOperation(
    "search.embeddings.get",
    {},
    {
      refetchInterval: (query) =>
        query.state.data?.index.state === "reindexing" ? POLL_MS : false,
    },
  );
  return (
    <Card>
      <CardHeader>
        <CardTitle>Semantic search</CardTitle>
        <CardDescription>
          The model that turns runbooks, log patterns and resources into vectors. A new model
          re-indexes the workspace in the background.
        </CardDescription>
      </CardHeader>
      <CardContent>
        <QueryState query={settings}>
          {(s) => <EmbeddingForm key={s.updatedAt ?? "new"} settings={s} />}
        </QueryState>
      </CardContent>
    </Card>
  );
}
