import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { Navigate, useNavigate } from "react-router";
import { describedBy, FormField } from "../../components/form-field.tsx";
import { PasswordInput } from "../../components/password-input.tsx";
import { Alert } from "../../components/ui/alert.tsx";
import { Button } from "../../components/ui/button.tsx";
import { Checkbox } from "../../components/ui/checkbox.tsx";
import { Input } from "../../components/ui/input.tsx";
import { Label } from "../../components/ui/label.tsx";
import { type ApiError, call, clearCsrfToken, type OperationInput } from "../../lib/api.ts";
import { fieldError, formError } from "../../lib/form-errors.ts";
import { AuthLayout, FullPageLoading } from "./auth-layout.tsx";
import { useSystemStatus } from "./auth-queries.ts";
import { MIN_PASSWORD } from "./password-rules.ts";

const FIELDS = ["email", "name", "password", "workspaceName"] as const;

/** First run: the owner account and the first workspace, optionally a demo workspace too. */
export function SetupPage() {
  const status = useSystemStatus();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [demo, setDemo] = useState(true);
  const [localError, setLocalError] = useState<{ field: string; message: string }>();
  const setup = useMutation<unknown, ApiError, OperationInput<"setup.create">>({
    mutationFn: (input) => call("setup.create", input),
    onSuccess: () => {
      clearCsrfToken();
      queryClient.clear();
      navigate("/", { replace: true });
    },
  });

  if (status.isPending) return <FullPageLoading />;
  if (status.data && !status.data.setupRequired && !setup.isPending) {
    return <Navigate to="/login" replace />;
  }

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const text = (name: string) => String(data.get(name) ?? "").trim();
    const password = String(data.get("password") ?? "");
    if (password.length < MIN_PASSWORD) {
      setLocalError({ field: "password", message: `Use at least ${MIN_PASSWORD} characters.` });
      return;
    }
    setLocalError(undefined);
    setup.mutate({
      email: text("email"),
      name: text("name") || undefined,
      password,
      workspaceName: text("workspaceName"),
      demo,
    });
  };
  const errorFor = (field: string) =>
    localError?.field === field ? localError.message : fieldError(setup.error, field);
  const topError = formError(setup.error, FIELDS);

  return (
    <AuthLayout
      title="Set up Glass Pane"
      description="Create the owner account and your first workspace. You can invite your team afterwards."
    >
      <form className="grid gap-4" onSubmit={onSubmit} data-testid="setup-form" noValidate>
        {topError && <Alert variant="destructive">{topError}</Alert>}
        {status.isError && (
          <Alert variant="destructive">Cannot reach the server: {status.error.message}</Alert>
        )}
        <FormField id="setup-email" label="Email" error={errorFor("email")}>
          <Input
            id="setup-email"
            name="email"
            type="email"
            autoComplete="email"
            required
            autoFocus
            data-testid="setup-email"
            aria-invalid={!!errorFor("email")}
            aria-describedby={describedBy("setup-email", errorFor("email"))}
          />
        </FormField>
        <FormField id="setup-name" label="Your name" error={errorFor("name")}>
          <Input
            id="setup-name"
            name="name"
            autoComplete="name"
            required
            data-testid="setup-name"
            aria-invalid={!!errorFor("name")}
            aria-describedby={describedBy("setup-name", errorFor("name"))}
          />
        </FormField>
        <FormField
          id="setup-password"
          label="Password"
          error={errorFor("password")}
          hint={`At least ${MIN_PASSWORD} characters. A passphrase works well.`}
        >
          <PasswordInput
            id="setup-password"
            name="password"
            autoComplete="new-password"
            required
            minLength={MIN_PASSWORD}
            data-testid="setup-password"
            aria-invalid={!!errorFor("password")}
            aria-describedby={describedBy("setup-password", errorFor("password"), true)}
          />
        </FormField>
        <FormField
          id="setup-workspace"
          label="Workspace name"
          error={errorFor("workspaceName")}
          hint="Your company or studio, e.g. Acme Studio."
        >
          <Input
            id="setup-workspace"
            name="workspaceName"
            required
            data-testid="setup-workspace"
            aria-invalid={!!errorFor("workspaceName")}
            aria-describedby={describedBy("setup-workspace", errorFor("workspaceName"), true)}
          />
        </FormField>
        <div className="flex items-start gap-3 rounded-lg border p-3">
          <Checkbox
            id="setup-demo"
            checked={demo}
            onCheckedChange={(v) => setDemo(v === true)}
            data-testid="setup-demo"
            className="mt-0.5"
          />
          <div className="grid gap-1">
            <Label htmlFor="setup-demo">Also create a demo workspace with sample data</Label>
            <p className="text-xs text-muted-foreground">
              A separate workspace to explore; delete it any time.
            </p>
          </div>
        </div>
        <Button type="submit" loading={setup.isPending} data-testid="setup-submit" className="mt-2">
          Create account and workspace
        </Button>
      </form>
    </AuthLayout>
  );
}
