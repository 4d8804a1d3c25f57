import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { FormEvent } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { describedBy, FormField } from "../../components/form-field.tsx";
import { PasswordInput } from "../../components/password-input.tsx";
import { Alert } from "../../components/ui/alert.tsx";
import { Button } from "../../components/ui/button.tsx";
import { Input } from "../../components/ui/input.tsx";
import {
  type ApiError,
  call,
  clearCsrfToken,
  errorMessage,
  type OperationInput,
} from "../../lib/api.ts";
import { fieldError, formError } from "../../lib/form-errors.ts";
import { keys } from "../../lib/query.ts";
import { ROLE_LABELS } from "../../lib/roles.ts";
import { AuthLayout, FullPageLoading } from "./auth-layout.tsx";
import { useSessionQuery } from "./auth-queries.ts";

const FIELDS = ["account.email", "account.name", "account.password"] as const;

/** /invite/:token — join a workspace, signed in or by creating an account. */
export function InvitePage() {
  const { token = "" } = useParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const session = useSessionQuery();
  const preview = useQuery({
    queryKey: ["invites.preview", token],
    queryFn: () => call("invites.preview", { token }),
    retry: false,
  });
  const accept = useMutation<{ workspaceId: string }, ApiError, OperationInput<"invites.accept">>({
    mutationFn: (input) => call("invites.accept", input),
    onSuccess: ({ workspaceId }) => {
      localStorage.setItem("glasspane.workspace", workspaceId);
      clearCsrfToken();
      // Leave first: clearing while this page is mounted would re-ask for the spent invite.
      navigate("/", { replace: true });
      queryClient.removeQueries({ queryKey: keys.session });
    },
  });

  if (preview.isPending || session.isPending) return <FullPageLoading />;
  if (preview.isError) {
    return (
      <AuthLayout
        title="Invitation not valid"
        footer={
          <Link className="underline" to="/login">
            Go to sign in
          </Link>
        }
      >
        <Alert variant="destructive">{errorMessage(preview.error)}</Alert>
        <p className="mt-4 text-sm text-muted-foreground">
          Invitations work once and expire after 7 days. Ask for a new link.
        </p>
      </AuthLayout>
    );
  }
  const invite = preview.data;
  const title = `Join ${invite.workspaceName}`;
  const description = `You are invited as ${ROLE_LABELS[invite.role]}${invite.email ? ` (${invite.email})` : ""}.`;
  const topError = formError(accept.error, FIELDS);

  if (session.isSuccess) {
    return (
      <AuthLayout title={title} description={description}>
        {topError && (
          <Alert variant="destructive" className="mb-4">
            {topError}
          </Alert>
        )}
        <p className="text-sm">
          Signed in as <strong>{session.data.user.email}</strong>.
        </p>
        <Button
          className="mt-6 w-full"
          loading={accept.isPending}
          onClick={() => accept.mutate({ token })}
        >
          Accept invitation
        </Button>
      </AuthLayout>
    );
  }

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const text = (name: string) => String(data.get(name) ?? "");
    accept.mutate({
      token,
      account: {
        email: invite.email ?? text("email").trim(),
        name: text("name").trim(),
        password: text("password"),
      },
    });
  };
  const err = (f: string) => fieldError(accept.error, `account.${f}`);
  return (
    <AuthLayout
      title={title}
      description={description}
      footer={
        <>
          Already have an account?{" "}
          <Link
            className="font-medium text-foreground underline"
            to={`/login?next=/invite/${encodeURIComponent(token)}`}
          >
            Sign in to accept
          </Link>
        </>
      }
    >
      <form className="grid gap-4" onSubmit={onSubmit} aria-label="Create your account" noValidate>
        {topError && <Alert variant="destructive">{topError}</Alert>}
        <FormField id="invite-email" label="Email" error={err("email")}>
          <Input
            id="invite-email"
            name="email"
            type="email"
            autoComplete="email"
            defaultValue={invite.email ?? ""}
            readOnly={!!invite.email}
            aria-invalid={!!err("email")}
            aria-describedby={describedBy("invite-email", err("email"))}
          />
        </FormField>
        <FormField id="invite-name" label="Your name" error={err("name")}>
          <Input
            id="invite-name"
            name="name"
            autoComplete="name"
            aria-invalid={!!err("name")}
            aria-describedby={describedBy("invite-name", err("name"))}
          />
        </FormField>
        <FormField
          id="invite-password"
          label="Password"
          error={err("password")}
          hint="At least 12 characters."
        >
          <PasswordInput
            id="invite-password"
            name="password"
            autoComplete="new-password"
            aria-invalid={!!err("password")}
            aria-describedby={describedBy("invite-password", err("password"), true)}
          />
        </FormField>
        <Button type="submit" loading={accept.isPending} className="mt-2">
          Create account and join
        </Button>
      </form>
    </AuthLayout>
  );
}
