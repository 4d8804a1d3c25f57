import {
  type UseMutationOptions,
  type UseQueryOptions,
  useMutation,
  useQuery,
  useQueryClient,
} from "@tanstack/react-query";
import {
  type ApiError,
  call,
  type OperationInput,
  type OperationName,
  type OperationOutput,
} from "./api.ts";
import { deletedId, withoutId } from "./forget-deleted.ts";
import { keys } from "./query.ts";
import { useSession } from "./session.tsx";

type QueryOptions<N extends OperationName> = Omit<
  UseQueryOptions<OperationOutput<N>, ApiError>,
  "queryKey" | "queryFn"
>;

/** Reads a workspace-scoped operation; cached per workspace, operation and input. */
export function useOperation<N extends OperationName>(
  name: N,
  input?: OperationInput<N>,
  options?: QueryOptions<N>,
) {
  const { workspace } = useSession();
  const workspaceId = workspace?.id ?? "none";
  return useQuery<OperationOutput<N>, ApiError>({
    queryKey: keys.op(workspaceId, name, input),
    queryFn: () => call(name, input),
    ...options,
  });
}

type MutationOptions<N extends OperationName> = Omit<
  UseMutationOptions<OperationOutput<N>, ApiError, OperationInput<N>>,
  "mutationFn"
>;

/**
 * Runs a mutating operation, lets the caller react, then refreshes the workspace's data (the
 * realtime channel does the same for other tabs and people).
 */
export function useOperationMutation<N extends OperationName>(
  name: N,
  options?: MutationOptions<N>,
) {
  const queryClient = useQueryClient();
  const { workspace } = useSession();
  return useMutation<OperationOutput<N>, ApiError, OperationInput<N>>({
    ...options,
    mutationFn: (input) => call(name, input),
    // The caller's own reaction (clear the form, close the dialog) comes first: the refetch can
    // take a while, and a form cleared only after it would wipe what the user typed meanwhile.
    onSuccess: async (...args) => {
      // A deleted object leaves the cache at once: a list the caller goes back to would
      // otherwise show it until the refetch below returns.
      const gone = workspace ? deletedId(name, args[1]) : undefined;
      if (workspace && gone)
        queryClient.setQueriesData({ queryKey: keys.workspace(workspace.id) }, (data) =>
          withoutId(data, gone),
        );
      await options?.onSuccess?.(...args);
      if (workspace)
        await queryClient.invalidateQueries({ queryKey: keys.workspace(workspace.id) });
    },
  });
}
