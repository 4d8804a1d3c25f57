import { useQueryClient } from "@tanstack/react-query";
import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from "react";
import { todayIn } from "../../../server/platform/time-zone.ts";
import { call, type OperationOutput, setWorkspaceHeader } from "./api.ts";
import { createFormatters, type Formatters } from "./format.ts";
import { keys } from "./query.ts";

export type SessionInfo = OperationOutput<"auth.session">;
export type WorkspaceInfo = SessionInfo["workspaces"][number];

interface SessionContextValue {
  session: SessionInfo;
  user: SessionInfo["user"];
  workspaces: WorkspaceInfo[];
  /** Undefined only when the person belongs to no workspace at all. */
  workspace: WorkspaceInfo | undefined;
  role: string | undefined;
  format: Formatters;
  selectWorkspace: (workspaceId: string) => void;
}

const SessionContext = createContext<SessionContextValue | null>(null);
const STORAGE_KEY = "glasspane.workspace";

function pickWorkspace(session: SessionInfo, preferred: string | null): WorkspaceInfo | undefined {
  const byId = (id: string | null) => session.workspaces.find((w) => w.id === id);
  return byId(preferred) ?? byId(session.currentWorkspaceId) ?? session.workspaces[0];
}

/** Holds the signed-in person and the chosen workspace; sets the x-workspace-id header. */
export function SessionProvider({
  session,
  children,
}: {
  session: SessionInfo;
  children: ReactNode;
}) {
  const queryClient = useQueryClient();
  const [preferred, setPreferred] = useState(() => localStorage.getItem(STORAGE_KEY));
  const workspace = pickWorkspace(session, preferred);
  // Set during render so the children's first queries already carry the right header.
  setWorkspaceHeader(workspace?.id);

  const selectWorkspace = useCallback(
    (workspaceId: string) => {
      localStorage.setItem(STORAGE_KEY, workspaceId);
      setWorkspaceHeader(workspaceId);
      setPreferred(workspaceId);
      // The session remembers the choice for the CLI and other tabs; the header already decides.
      call("workspaces.switch", { workspaceId })
        .then(() => queryClient.invalidateQueries({ queryKey: keys.session }))
        .catch(() => undefined);
    },
    [queryClient],
  );

  const value = useMemo<SessionContextValue>(
    () => ({
      session,
      user: session.user,
      workspaces: session.workspaces,
      workspace,
      role: workspace?.role,
      format: createFormatters(workspace?.locale ?? "en-US", workspace?.currency ?? "USD"),
      selectWorkspace,
    }),
    [session, workspace, selectWorkspace],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error("useSession must be used inside <SessionProvider>");
  return value;
}

/** The current workspace; pages under the app shell always have one. */
export function useWorkspace(): WorkspaceInfo & { format: Formatters } {
  const { workspace, format } = useSession();
  if (!workspace) throw new Error("useWorkspace needs a selected workspace");
  return { ...workspace, format };
}

/** Today's date (YYYY-MM-DD) in the workspace's time zone, as the server counts due dates. */
export function useToday(): string {
  return todayIn(useWorkspace().timezone);
}

export function useFormat(): Formatters {
  return useSession().format;
}
