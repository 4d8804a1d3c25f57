import type { PGlite } from "@electric-sql/pglite";

/*
 * PGlite runs PostgreSQL as one single-user backend: there is no checkpointer process, and a
 * single-user backend never asks for a checkpoint when WAL piles up (XLogWrite requests one only
 * under a postmaster). Left alone, pg_wal grows by every byte written since the process started
 * — 2–3 KB a stored log line, gigabytes a day for a busy workspace — and a restart after a
 * crash replays all of it. This does what PostgreSQL's checkpointer would: a CHECKPOINT once
 * enough WAL has been written since the last one's redo point, or once it is old and anything
 * was written since. WAL segments before the new redo point are then recycled or removed.
 *
 * A checkpoint writes the dirty part of shared_buffers (32 MB at most, database.ts) to the OS,
 * without fsync (PGlite runs with fsync off), and blocks PGlite's thread while it does.
 */

export interface CheckpointPolicy {
  /** How often the WAL position is looked at. */
  everyMs: number;
  /** Checkpoint once this much WAL has been written since the last redo point. */
  maxWalBytes: number;
  /** Checkpoint once the last is this old, if more than a checkpoint record was written since. */
  maxAgeMs: number;
}

export const DEFAULT_CHECKPOINT_POLICY: CheckpointPolicy = {
  everyMs: 30_000,
  maxWalBytes: 256 * 1024 * 1024,
  maxAgeMs: 5 * 60_000, // PostgreSQL's checkpoint_timeout
};

/** WAL a checkpoint writes itself (its record and little else): not a reason for another. */
const IDLE_WAL_BYTES = 64 * 1024;

/** Whether the WAL since the last checkpoint calls for another. */
export function checkpointDue(
  walBytes: number,
  ageMs: number,
  policy: Pick<CheckpointPolicy, "maxWalBytes" | "maxAgeMs">,
): boolean {
  return walBytes >= policy.maxWalBytes || (ageMs >= policy.maxAgeMs && walBytes > IDLE_WAL_BYTES);
}

/** Looks at the WAL now and checkpoints when due; true when it did. */
export async function checkpointIfDue(
  pglite: PGlite,
  policy: Pick<CheckpointPolicy, "maxWalBytes" | "maxAgeMs">,
): Promise<boolean> {
  const { rows } = await pglite.query<{ wal: number; age: number }>(
    `SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), redo_lsn)::float8 AS wal,
            (extract(epoch FROM now() - checkpoint_time) * 1000)::float8 AS age
       FROM pg_control_checkpoint()`,
  );
  const state = rows[0];
  if (!state || !checkpointDue(state.wal, state.age, policy)) return false;
  await pglite.exec("CHECKPOINT");
  return true;
}

/**
 * Checks on a timer that does not keep the process alive. `stop` waits for a check under way,
 * so the database can be closed right after.
 */
export function startCheckpoints(
  pglite: PGlite,
  policy: CheckpointPolicy = DEFAULT_CHECKPOINT_POLICY,
): { stop(): Promise<void> } {
  let running: Promise<unknown> | undefined;
  const timer = setInterval(() => {
    if (running || pglite.closed) return;
    running = checkpointIfDue(pglite, policy)
      // A failed check (the database closing, a full disk) is tried again next time; a full
      // disk also fails the writes themselves, which is where it is reported.
      .catch(() => {})
      .finally(() => {
        running = undefined;
      });
  }, policy.everyMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
