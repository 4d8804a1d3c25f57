/** The group the time series sums everything beyond its largest groups into. */
export const OTHER_KEY = "(other)";
/** How a group without a value (a null dimension or a missing tag) reads. */
export const NONE_LABEL = "(not set)";

/** Groupings by whom the allocation rules give costs to; the rest is one group. */
export const ALLOCATION_GROUPS = ["allocation:client", "allocation:project"] as const;
export const isAllocationGroup = (groupBy: string) =>
  (ALLOCATION_GROUPS as readonly string[]).includes(groupBy);

/**
 * How the group without a value reads under a grouping. By client it is not "Unallocated":
 * it also holds what rules give to projects of no client.
 */
export const noneLabelOf = (groupBy: string) =>
  groupBy === "allocation:client"
    ? "No client"
    : groupBy === "allocation:project"
      ? "No project"
      : NONE_LABEL;

/** What the group without a value holds, said under a breakdown by client or project. */
export const allocationNoneNote = (groupBy: string) =>
  groupBy === "allocation:client"
    ? " A client's cost includes its projects'. No client: what no rule gives to a client or to one of its projects."
    : " No project: what no rule gives to a project.";
