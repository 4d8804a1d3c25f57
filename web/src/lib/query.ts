import { MutationCache, QueryCache, QueryClient } from "@tanstack/react-query";
import { ApiError, isApiError } from "./api.ts";

/** Query keys: workspace data lives under ["ws", id] so a switch or a realtime event can drop it. */
export const keys = {
  status: ["system.status"] as const,
  session: ["auth.session"] as const,
  sessions: ["auth.listSessions"] as const,
  workspace: (workspaceId: string) => ["ws", workspaceId] as const,
  op: (workspaceId: string, name: string, input?: unknown) =>
    ["ws", workspaceId, name, input ?? {}] as const,
};

function onUnauthenticated(error: unknown, failedKey?: readonly unknown[]) {
  // A lapsed session anywhere sends the app back to sign-in: the session query decides
  // (and its own 401 must not trigger itself again).
  if (failedKey?.[0] === keys.session[0]) return;
  if (isApiError(error, "unauthenticated")) {
    void queryClient.invalidateQueries({ queryKey: keys.session, refetchType: "all" });
  }
}

export const queryClient: QueryClient = new QueryClient({
  queryCache: new QueryCache({
    onError: (error, query) => onUnauthenticated(error, query.queryKey),
  }),
  mutationCache: new MutationCache({ onError: (error) => onUnauthenticated(error) }),
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      // Client errors (4xx) will not get better by asking again.
      retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2,
    },
  },
});
