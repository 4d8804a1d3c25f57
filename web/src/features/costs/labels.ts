/** The group the time series sums everything beyond its largest groups into. */
export const OTHER_KEY = "(other)";
/** How a group without a value (a null dimension or a missing tag) reads. */
export const NONE_LABEL = "(not set)";

/** Groupings by whom the allocation rules give costs to; the rest is one group. */
export const ALLOCATION_GROUPS = ["allocation:client", "allocation:project"] as const;
export const isAllocationGroup = (groupBy: string) =>
  (ALLOCATION_GROUPS as readonly string[]).includes(groupBy);

/** How the group without a value reads under a grouping. */
export const noneLabelOf = (groupBy: string) =>
  isAllocationGroup(groupBy) ? "Unallocated" : NONE_LABEL;
