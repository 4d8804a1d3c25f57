import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useMemo } from "react";
import { useOperation } from "../../lib/operations.ts";
import { keys } from "../../lib/query.ts";
import { useSession } from "../../lib/session.tsx";
import type { Member, TaskListInput } from "./task-format.ts";

/** The tasks.list query and a way to rewrite its cached result (optimistic updates). */
export function useTaskList(input: TaskListInput) {
  const query = useOperation("tasks.list", input);
  const queryClient = useQueryClient();
  const { workspace } = useSession();
  const key = useMemo(
    () => keys.op(workspace?.id ?? "none", "tasks.list", input),
    [workspace?.id, input],
  );
  const setData = useCallback(
    (update: (data: NonNullable<typeof query.data>) => NonNullable<typeof query.data>) => {
      const previous = queryClient.getQueryData<NonNullable<typeof query.data>>(key);
      if (previous) queryClient.setQueryData(key, update(previous));
      return previous;
    },
    [queryClient, key],
  );
  const restore = useCallback(
    (previous: unknown) => queryClient.setQueryData(key, previous),
    [queryClient, key],
  );
  const cancel = useCallback(
    () => queryClient.cancelQueries({ queryKey: key }),
    [queryClient, key],
  );
  return { query, setData, restore, cancel };
}

/** Members by id, for assignee names and initials. */
export function useMembers(): { members: Member[]; byId: Map<string, Member> } {
  const query = useOperation("members.list");
  return useMemo(() => {
    const members = query.data ?? [];
    return { members, byId: new Map(members.map((m) => [m.userId, m])) };
  }, [query.data]);
}
