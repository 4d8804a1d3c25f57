import { LogOut } from "lucide-react";
import type { ReactNode } from "react";
import { Navigate, Outlet, useLocation } from "react-router";
import { useSignOut } from "../../components/layout/user-menu.tsx";
import { ErrorState } from "../../components/query-state.tsx";
import { Button } from "../../components/ui/button.tsx";
import { isApiError } from "../../lib/api.ts";
import { SessionProvider, useSession } from "../../lib/session.tsx";
import { CreateWorkspaceForm } from "../settings/workspace/create-workspace-form.tsx";
import { AuthLayout, FullPageLoading } from "./auth-layout.tsx";
import { useSessionQuery, useSystemStatus } from "./auth-queries.ts";

/** Someone who belongs to no workspace (all removed): let them start one. */
function NoWorkspace({ children }: { children: ReactNode }) {
  const { workspace } = useSession();
  const signOut = useSignOut();
  if (workspace) return <>{children}</>;
  return (
    <AuthLayout
      title="No workspace yet"
      description="You are not a member of any workspace. Create one, or ask for an invitation link."
      footer={
        <Button variant="ghost" size="sm" onClick={() => void signOut()}>
          <LogOut aria-hidden /> Sign out
        </Button>
      }
    >
      <CreateWorkspaceForm />
    </AuthLayout>
  );
}

/** Gate of the app: first-run setup, then sign-in, then the session and workspace context. */
export function RequireSession() {
  const location = useLocation();
  const status = useSystemStatus();
  const session = useSessionQuery();

  if (status.data?.setupRequired) return <Navigate to="/setup" replace />;
  if (session.isPending || (session.isError && status.isPending)) return <FullPageLoading />;
  if (session.isError) {
    if (isApiError(session.error, "unauthenticated")) {
      const next = `${location.pathname}${location.search}`;
      return (
        <Navigate
          to={next === "/" ? "/login" : `/login?next=${encodeURIComponent(next)}`}
          replace
        />
      );
    }
    return (
      <AuthLayout title="Glass Pane is not responding">
        <ErrorState error={session.error} onRetry={() => void session.refetch()} />
      </AuthLayout>
    );
  }
  return (
    <SessionProvider session={session.data}>
      <NoWorkspace>
        <Outlet />
      </NoWorkspace>
    </SessionProvider>
  );
}
