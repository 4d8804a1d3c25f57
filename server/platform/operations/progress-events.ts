import { AppError } from "../errors.ts";
import type { Audience } from "../events/audience.ts";
import type { EventBus } from "../events/events.ts";
import type { Progress } from "./define.ts";

/** The header naming a call's progress id; the client makes the id up before it sends. */
export const PROGRESS_ID_HEADER = "x-progress-id";
/** Random enough to be unguessable and short enough to log: letters, digits, - and _. */
const PROGRESS_ID = /^[A-Za-z0-9_-]{16,64}$/;
/** At most four reports a second reach the caller; a 1M-row import makes about 200. */
export const PROGRESS_INTERVAL_MS = 250;

/** What the realtime channel carries: how far the call is, never what the file holds. */
export interface ProgressEvent {
  type: "progress";
  progressId: string;
  operation: string;
  /** The step under way, as the operation names it (an import: reading, replacing, rollups). */
  phase?: string;
  rows?: number;
  done: number;
  total: number;
  unit: string;
}

/** A progress id as sent, checked: it is user input and travels back in every event. */
export function parseProgressId(value: unknown): string | undefined {
  if (value === undefined || value === "") return undefined;
  if (typeof value !== "string" || !PROGRESS_ID.test(value)) {
    throw new AppError(
      "invalid_input",
      `${PROGRESS_ID_HEADER} must be 16 to 64 letters, digits, "-" or "_"`,
      { field: PROGRESS_ID_HEADER },
    );
  }
  return value;
}

export interface ProgressTarget {
  workspaceId: string;
  audience: Audience;
  progressId: string;
  operation: string;
}

export interface ProgressPublisher {
  report(progress: Progress): void;
  /** Drops a report still waiting for its turn; the call's answer says the rest. */
  stop(): void;
}

/**
 * Publishes an operation's progress to its caller alone, throttled to one report per
 * `PROGRESS_INTERVAL_MS`; the latest report held back goes out when the interval ends, and a
 * new phase goes out at once (so the last report of a phase is never the one dropped).
 */
export function createProgressPublisher(
  events: Pick<EventBus, "publish">,
  target: ProgressTarget,
  now: () => number = Date.now,
): ProgressPublisher {
  let lastSent = Number.NEGATIVE_INFINITY;
  let lastPhase: string | undefined;
  let held: Progress | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const send = (progress: Progress) => {
    clearTimeout(timer);
    timer = undefined;
    held = undefined;
    lastSent = now();
    lastPhase = progress.phase;
    const event: ProgressEvent = {
      type: "progress",
      progressId: target.progressId,
      operation: target.operation,
      phase: progress.phase,
      rows: progress.rows,
      done: progress.done,
      total: progress.total,
      unit: progress.unit,
    };
    events.publish(target.workspaceId, { ...event, ...target.audience });
  };

  return {
    report(progress) {
      const waited = now() - lastSent;
      if (progress.phase !== lastPhase || waited >= PROGRESS_INTERVAL_MS) return send(progress);
      held = progress;
      timer ??= setTimeout(() => held && send(held), PROGRESS_INTERVAL_MS - waited);
    },
    stop() {
      clearTimeout(timer);
      timer = undefined;
      held = undefined;
    },
  };
}
