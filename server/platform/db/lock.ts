import { closeSync, openSync, readFileSync, unlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ConfigError } from "../errors.ts";

export interface LockInfo {
  pid: number;
  startedAt: string;
  /** Base URL of the server holding the lock, once it listens: the CLI goes through it. */
  url?: string;
}

const LOCK_FILE = "glasspane.lock";

export function lockPath(dataDir: string): string {
  return path.join(dataDir, LOCK_FILE);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The live holder of the data dir's lock, or undefined when it is free or stale. */
export function readLock(dataDir: string): LockInfo | undefined {
  try {
    const info = JSON.parse(readFileSync(lockPath(dataDir), "utf8")) as LockInfo;
    return typeof info.pid === "number" && isAlive(info.pid) ? info : undefined;
  } catch {
    return undefined;
  }
}

export interface DataDirLock {
  update(info: Partial<LockInfo>): void;
  release(): void;
}

/**
 * PGlite does not lock its directory and a second process would silently lose writes, so the
 * owner takes this lock first. A lock left by a dead process (kill -9) is taken over.
 */
export function acquireLock(dataDir: string): DataDirLock {
  const file = lockPath(dataDir);
  const info: LockInfo = { pid: process.pid, startedAt: new Date().toISOString() };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, "wx", 0o600);
      writeFileSync(fd, JSON.stringify(info));
      closeSync(fd);
      return {
        update(more) {
          Object.assign(info, more);
          writeFileSync(file, JSON.stringify(info), { mode: 0o600 });
        },
        release() {
          try {
            const current = JSON.parse(readFileSync(file, "utf8")) as LockInfo;
            if (current.pid === process.pid) unlinkSync(file);
          } catch {
            // already gone
          }
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = readLock(dataDir);
      if (holder && holder.pid !== process.pid) {
        throw new ConfigError(
          `The data directory ${dataDir} is in use by another Glass Pane process (pid ${holder.pid}${holder.url ? `, serving ${holder.url}` : ""}). Stop it first, or use the CLI, which goes through the running server.`,
        );
      }
      unlinkSync(file); // stale: its process is gone
    }
  }
  throw new ConfigError(`Could not take the lock ${file}`);
}
