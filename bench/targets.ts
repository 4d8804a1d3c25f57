import { type ChildProcess, fork } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import type { BareRoute } from "./target.ts";

const TARGET_ENTRY = fileURLToPath(new URL("./target.ts", import.meta.url));

export interface Target {
  url: string;
  /** The server's process id, to read its CPU time from /proc while it is measured. */
  pid: number;
  stop(): Promise<void>;
}

export interface SpawnOptions {
  env?: Record<string, string>;
  /** Write a V8 CPU profile of the server process into this directory on exit. */
  profileDir?: string;
}

function waitForExit(child: ChildProcess, ms: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      resolve();
    }, ms);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

async function spawnTarget(kind: "bare" | "glasspane", options: SpawnOptions): Promise<Target> {
  // Every thread (tsx's loader is one) writes its own profile: one directory per server keeps
  // them together; the main thread's is the largest.
  const profile = options.profileDir
    ? ["--cpu-prof", "--cpu-prof-dir", path.join(options.profileDir, `${kind}-${Date.now()}`)]
    : [];
  const child = fork(TARGET_ENTRY, [kind], {
    execArgv: [...process.execArgv, ...profile],
    env: { ...process.env, ...options.env },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const stop = async () => {
    child.kill("SIGTERM");
    await waitForExit(child, 15_000);
  };
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${kind} did not start within 60 s`)),
        60_000,
      );
      child.once("message", (message) => {
        clearTimeout(timer);
        resolve((message as { url: string }).url);
      });
      child.once("exit", (code) => {
        clearTimeout(timer);
        reject(new Error(`${kind} exited with code ${code} before listening`));
      });
    });
    return { url, pid: child.pid!, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

export function startBare(routes: BareRoute[], options: SpawnOptions = {}): Promise<Target> {
  return spawnTarget("bare", {
    ...options,
    env: { ...options.env, BENCH_ROUTES: JSON.stringify(routes) },
  });
}

/** Glass Pane on a fresh data dir; PGlite unless databaseUrl is given. */
export async function startGlassPane(
  databaseUrl: string | undefined,
  options: SpawnOptions = {},
): Promise<Target> {
  const dataDir = mkdtempSync(path.join(tmpdir(), "gp-bench-"));
  const cleanup = () => rmSync(dataDir, { recursive: true, force: true });
  const env: Record<string, string> = {
    ...options.env,
    PORT: "0",
    HOST: "127.0.0.1",
    GLASSPANE_DATA_DIR: dataDir,
    LOG_LEVEL: "warn",
    // The job worker would compete with requests for the only two cores.
    GLASSPANE_WORKER: "false",
  };
  // Empty rather than absent: the parent's own DATABASE_URL must not leak into a PGlite target.
  env.DATABASE_URL = databaseUrl ?? "";
  try {
    const target = await spawnTarget("glasspane", { ...options, env });
    return {
      url: target.url,
      pid: target.pid,
      async stop() {
        await target.stop();
        cleanup();
      },
    };
  } catch (error) {
    cleanup();
    throw error;
  }
}

export interface TempDatabase {
  url: string;
  serverVersion: string;
  drop(): Promise<void>;
}

/** A fresh database on the server of adminUrl, or why it could not be made. */
export async function createTempDatabase(
  adminUrl: string,
): Promise<TempDatabase | { unavailable: string }> {
  const name = `gp_bench_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 3000 });
  admin.on("error", () => {}); // an idle admin connection dropped by the server surfaces in drop()
  let serverVersion: string;
  try {
    await admin.connect();
    serverVersion = (await admin.query("SHOW server_version")).rows[0].server_version;
    await admin.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
  } catch (error) {
    await admin.end().catch(() => {});
    return { unavailable: (error as Error).message };
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    serverVersion,
    async drop() {
      try {
        await admin.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`);
      } finally {
        await admin.end();
      }
    },
  };
}
