/** The group the time series sums everything beyond its largest groups into. */
export const OTHER_KEY = "(other)";
/** How a group without a value (a null dimension or a missing tag) reads. */
export const NONE_LABEL = "(not set)";
