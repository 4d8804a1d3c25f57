import { CheckCircle2, CircleAlert, Play } from "lucide-react";
import { useState } from "react";
import { Link } from "react-router";
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
import { errorMessage, type OperationOutput } from "../../lib/api.ts";
import { useOperation, useOperationMutation } from "../../lib/operations.ts";
import { cn } from "../../lib/utils.ts";
import { CREDENTIAL_FORMS, WITHOUT_ENDPOINT } from "./credential-forms.ts";
import { type ConnectorDraft, CredentialsStep } from "./credentials-step.tsx";
import { HostKeyFingerprint } from "./host-key-fingerprint.tsx";
import { ScanProgress } from "./scan-progress.tsx";

type ProviderInfo = OperationOutput<"connectors.providers">[number];
type Connector = OperationOutput<"connectors.create">;
type TestResult = OperationOutput<"connectors.test">;
const STEPS = ["Provider", "Credentials", "Test", "Discover"] as const;

/**
 * Connecting a cloud: pick the provider, paste read-only credentials (the policy to grant is
 * shown), test them, then run the first discovery and watch it.
 */
export function ConnectWizardPage() {
  const providers = useOperation("connectors.providers", {});
  const [provider, setProvider] = useState<ProviderInfo | null>(null);
  const [connector, setConnector] = useState<Connector | null>(null);
  const [test, setTest] = useState<TestResult | null>(null);
  const [scanId, setScanId] = useState<string | null>(null);
  const create = useOperationMutation("connectors.create");
  const runTest = useOperationMutation("connectors.test", { onSuccess: setTest });
  const remove = useOperationMutation("connectors.delete");
  const discover = useOperationMutation("connectors.discover", {
    onSuccess: (started) => setScanId(started.scanId),
  });
  const step = scanId ? 3 : connector ? 2 : provider ? 1 : 0;

  const onCredentials = (draft: ConnectorDraft) => {
    if (!provider) return;
    create.mutate(
      { provider: provider.provider, ...draft },
      {
        onSuccess: (created) => {
          setConnector(created);
          runTest.mutate({ id: created.id });
        },
      },
    );
  };
  // A connection that failed its test is removed, so trying again does not leave a duplicate.
  const retry = () => {
    if (!connector) return;
    remove.mutate(
      { id: connector.id },
      {
        onSuccess: () => {
          setConnector(null);
          setTest(null);
        },
      },
    );
  };

  return (
    <Card className="max-w-3xl">
      <CardHeader>
        <div>
          <CardTitle>Connect a cloud or a host</CardTitle>
          <CardDescription>Read-only access is all Glass Pane needs.</CardDescription>
        </div>
        <ol className="flex flex-wrap gap-3 text-sm" aria-label="Steps">
          {STEPS.map((name, i) => (
            <li
              key={name}
              aria-current={i === step ? "step" : undefined}
              className={cn("text-muted-foreground", i === step && "font-medium text-foreground")}
            >
              {i + 1}. {name}
            </li>
          ))}
        </ol>
      </CardHeader>
      <CardContent>
        {step === 0 && (
          <QueryState query={providers}>
            {(list) => (
              <ProviderChoice
                providers={list.filter((p) => CREDENTIAL_FORMS[p.provider])}
                onChoose={setProvider}
              />
            )}
          </QueryState>
        )}
        {step === 1 && provider && (
          <CredentialsStep
            key={provider.provider}
            providerLabel={provider.label}
            hasEndpoint={!WITHOUT_ENDPOINT.has(provider.provider)}
            methods={CREDENTIAL_FORMS[provider.provider] ?? []}
            policy={provider.policy}
            error={create.error}
            isSaving={create.isPending}
            onBack={() => setProvider(null)}
            onSubmit={onCredentials}
          />
        )}
        {step === 2 && connector && (
          <div className="grid gap-4" data-testid="connection-test">
            {runTest.isPending || (!test && !runTest.error) ? (
              <p className="text-sm text-muted-foreground">Testing the connection…</p>
            ) : test?.ok ? (
              <>
                <p className="flex items-center gap-2 whitespace-pre-line text-sm">
                  <CheckCircle2 className="size-4 shrink-0 text-success" aria-hidden />
                  Connected to account {test.account}. {test.detail}
                </p>
                {connector.provider === "host" && <HostKeyFingerprint connectorId={connector.id} />}
                {discover.error && (
                  <Alert variant="destructive">{errorMessage(discover.error)}</Alert>
                )}
                <Button
                  className="w-fit"
                  loading={discover.isPending}
                  onClick={() => discover.mutate({ id: connector.id })}
                >
                  <Play aria-hidden /> Discover resources
                </Button>
              </>
            ) : (
              <>
                <Alert variant="destructive" title="The connection test failed">
                  <span className="flex items-center gap-2 whitespace-pre-line">
                    <CircleAlert className="size-4 shrink-0" aria-hidden />
                    {test?.detail ?? errorMessage(runTest.error)}
                  </span>
                </Alert>
                {connector.provider === "host" && (
                  <HostKeyFingerprint connectorId={connector.id} canReset />
                )}
                <div className="flex gap-2">
                  <Button variant="outline" loading={remove.isPending} onClick={retry}>
                    Change the credentials
                  </Button>
                  <Button variant="ghost" onClick={() => runTest.mutate({ id: connector.id })}>
                    Test again
                  </Button>
                </div>
              </>
            )}
          </div>
        )}
        {step === 3 && scanId && connector && (
          <div className="grid gap-4">
            <ScanProgress scanId={scanId} />
            <div className="flex gap-2">
              <Button asChild>
                <Link to={`/inventory?provider=${connector.provider}`}>See the resources</Link>
              </Button>
              <Button asChild variant="ghost">
                <Link to="/inventory/connectors">All connectors</Link>
              </Button>
            </div>
          </div>
        )}
      </CardContent>
    </Card>
  );
}

function ProviderChoice({
  providers,
  onChoose,
}: {
  providers: ProviderInfo[];
  onChoose: (provider: ProviderInfo) => void;
}) {
  if (providers.length === 0)
    return <p className="text-sm text-muted-foreground">No provider can be connected yet.</p>;
  return (
    <ul className="grid gap-3 sm:grid-cols-3" aria-label="Providers">
      {providers.map((p) => (
        <li key={p.provider}>
          <Button variant="outline" className="h-16 w-full text-base" onClick={() => onChoose(p)}>
            {p.label}
          </Button>
        </li>
      ))}
    </ul>
  );
}
