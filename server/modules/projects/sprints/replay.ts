import Decimal from "decimal.js";
import type { TaskEventData, TrackedState } from "../tasks/task-events.ts";

/**
 * A project's task history replayed to any instant: what each task's sprint, estimate and done
 * state were then. Burndown and velocity read sprints from it, so editing a task today never
 * rewrites how a past sprint went.
 */

export interface ReplayEvent {
  taskId: string;
  type: string;
  data: unknown;
  at: Date;
}

interface TaskState {
  done: boolean;
  estimate: string | null;
  sprintId: string | null;
}

export type TaskStates = ReadonlyMap<string, TaskState>;

function apply(states: Map<string, TaskState>, event: ReplayEvent): void {
  if (event.type === "deleted") {
    states.delete(event.taskId);
    return;
  }
  const to = ((event.data ?? {}) as TaskEventData).to ?? {};
  const before = states.get(event.taskId) ?? { done: false, estimate: null, sprintId: null };
  const next: TaskState = { ...before };
  const fields = to as Partial<TrackedState>;
  if ("done" in fields) next.done = fields.done === true;
  if ("estimate" in fields) next.estimate = fields.estimate ?? null;
  if ("sprintId" in fields) next.sprintId = fields.sprintId ?? null;
  states.set(event.taskId, next);
}

/**
 * Calls `measure` with the tasks' states just before each instant (events at the very instant
 * are not yet applied) and the instant's index. Events must be oldest first; instants may come
 * in any order.
 */
export function replayAt<T>(
  events: readonly ReplayEvent[],
  instants: readonly Date[],
  measure: (states: TaskStates, index: number) => T,
): T[] {
  const order = instants.map((at, i) => ({ at: at.getTime(), i })).sort((a, b) => a.at - b.at);
  const states = new Map<string, TaskState>();
  const out = new Array<T>(instants.length);
  let next = 0;
  for (const { at, i } of order) {
    while (next < events.length && events[next]!.at.getTime() < at) apply(states, events[next++]!);
    out[i] = measure(states, i);
  }
  return out;
}

export interface SprintMeasure {
  scope: Decimal;
  remaining: Decimal;
  scopeTasks: number;
  remainingTasks: number;
}

/** The sprint's tasks at one instant: estimate in it and not done, and the same as counts. */
export function measureSprint(states: TaskStates, sprintId: string): SprintMeasure {
  const m = { scope: new Decimal(0), remaining: new Decimal(0), scopeTasks: 0, remainingTasks: 0 };
  for (const task of states.values()) {
    if (task.sprintId !== sprintId) continue;
    // A task without an estimate adds nothing to the estimate series, one to the task series.
    const estimate = new Decimal(task.estimate ?? 0);
    m.scope = m.scope.plus(estimate);
    m.scopeTasks += 1;
    if (!task.done) {
      m.remaining = m.remaining.plus(estimate);
      m.remainingTasks += 1;
    }
  }
  return m;
}
