import { useQuery } from "@tanstack/react-query";
import { type ApiError, call, type OperationOutput } from "../../lib/api.ts";
import { keys } from "../../lib/query.ts";

export function useSystemStatus() {
  return useQuery<OperationOutput<"system.status">, ApiError>({
    queryKey: keys.status,
    queryFn: () => call("system.status"),
    staleTime: 60_000,
  });
}

/** Who is signed in; a 401 is an answer (signed out), not a failure to retry. */
export function useSessionQuery() {
  return useQuery<OperationOutput<"auth.session">, ApiError>({
    queryKey: keys.session,
    queryFn: () => call("auth.session"),
    retry: (count, error) => error.status >= 500 && count < 2,
    staleTime: 60_000,
  });
}

/** Where to go after signing in: only paths inside this app, never another origin. */
export function safeNext(next: string | null): string {
  if (!next?.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return "/";
  return next;
}
