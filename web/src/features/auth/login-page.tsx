import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { FormEvent } from "react";
import { Navigate, useNavigate, useSearchParams } from "react-router";
import { describedBy, FormField } from "../../components/form-field.tsx";
import { PasswordInput } from "../../components/password-input.tsx";
import { Alert } from "../../components/ui/alert.tsx";
import { Button } from "../../components/ui/button.tsx";
import { Input } from "../../components/ui/input.tsx";
import { type ApiError, call, clearCsrfToken, type OperationInput } from "../../lib/api.ts";
import { fieldError, formError } from "../../lib/form-errors.ts";
import { AuthLayout, FullPageLoading } from "./auth-layout.tsx";
import { safeNext, useSessionQuery, useSystemStatus } from "./auth-queries.ts";

const FIELDS = ["email", "password"] as const;

function loginErrorMessage(error: ApiError | null): string | undefined {
  if (!error) return undefined;
  if (error.code === "rate_limited" && error.retryAfter) {
    return `Too many attempts. Try again in ${Math.ceil(error.retryAfter)} s.`;
  }
  return formError(error, FIELDS);
}

export function LoginPage() {
  const [params] = useSearchParams();
  const next = safeNext(params.get("next"));
  const status = useSystemStatus();
  const session = useSessionQuery();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const login = useMutation<unknown, ApiError, OperationInput<"auth.login">>({
    mutationFn: (input) => call("auth.login", input),
    onSuccess: () => {
      // A new session has a new CSRF token; drop everything cached for whoever was here before.
      clearCsrfToken();
      queryClient.clear();
      navigate(next, { replace: true });
    },
  });

  if (status.data?.setupRequired) return <Navigate to="/setup" replace />;
  if (session.isSuccess && !login.isPending) return <Navigate to={next} replace />;
  if (session.isPending || status.isPending) return <FullPageLoading />;

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    login.mutate({
      email: String(data.get("email") ?? "").trim(),
      password: String(data.get("password") ?? ""),
    });
  };
  const emailError = fieldError(login.error, "email");
  const passwordError = fieldError(login.error, "password");
  const topError = loginErrorMessage(login.error);

  return (
    <AuthLayout title="Sign in" description="Welcome back. Sign in to your Glass Pane account.">
      <form
        className="grid gap-4"
        onSubmit={onSubmit}
        data-testid="login-form"
        aria-label="Sign in"
        noValidate
      >
        {topError && <Alert variant="destructive">{topError}</Alert>}
        <FormField id="login-email" label="Email" error={emailError}>
          <Input
            id="login-email"
            name="email"
            type="email"
            autoComplete="username"
            required
            autoFocus
            data-testid="login-email"
            aria-invalid={!!emailError}
            aria-describedby={describedBy("login-email", emailError)}
          />
        </FormField>
        <FormField id="login-password" label="Password" error={passwordError}>
          <PasswordInput
            id="login-password"
            name="password"
            autoComplete="current-password"
            required
            data-testid="login-password"
            aria-invalid={!!passwordError}
            aria-describedby={describedBy("login-password", passwordError)}
          />
        </FormField>
        <Button type="submit" loading={login.isPending} data-testid="login-submit" className="mt-2">
          Sign in
        </Button>
      </form>
      <p className="mt-6 text-xs text-muted-foreground">
        Forgot your password? An administrator can reset it on the server with
        <code className="mx-1 rounded bg-muted px-1 py-0.5">glasspane users reset-password</code>.
      </p>
    </AuthLayout>
  );
}
