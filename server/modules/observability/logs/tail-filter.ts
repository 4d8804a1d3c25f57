import type { Level } from "./log-line.ts";

/** What a live tail follows: the Logs explorer's filters. */
export interface TailFilter {
  q?: string;
  service?: string;
  level?: Level;
  resourceId?: string;
}
