import { type ChildProcess, spawn } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { inject } from "vitest";
import { SERVER_ENTRY } from "../../../scripts/build-server.ts";

export const ROOT = fileURLToPath(new URL("../../..", import.meta.url));
export const RESULTS_DIR = path.join(ROOT, "test-results");

export interface RunningServer {
  url: string;
  /** What the server printed (LOG_LEVEL=warn keeps it short); shown when it dies early. */
  output: () => string;
  stop: () => Promise<void>;
}

/** A port nobody listens on right now; the server gets it a moment later (a small race). */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once("exit", () => resolve()));
}

async function waitUntilReady(url: string, child: ChildProcess, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  let died = false;
  void exited(child).then(() => {
    died = true;
  });
  while (Date.now() < deadline) {
    if (died) throw new Error(`the server exited (code ${child.exitCode}) before it was ready`);
    try {
      const response = await fetch(`${url}/readyz`);
      if (response.ok) return;
    } catch {
      // Not listening yet: PGlite initialises and migrates first.
    }
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  throw new Error(`the server was not ready at ${url}/readyz within ${timeoutMs / 1000} s`);
}

async function stopChild(child: ChildProcess) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill("SIGTERM"); // graceful: lets it release the PGlite lock
  const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
  await exited(child);
  clearTimeout(timer);
}

/**
 * Starts the real server (`node dist/server/glasspane.js serve`, what `npm start` runs; built by
 * global-setup.ts) on embedded PGlite, as a user would,
 * and resolves once /readyz answers. Its data directory is a copy of the run's migrated one
 * (see global-setup.ts), or with `fresh` an empty one the server initialises itself.
 */
export async function startServer({ fresh = false } = {}): Promise<RunningServer> {
  if (!existsSync(path.join(ROOT, "dist/web/index.html"))) {
    throw new Error("dist/web is not built: run `npm run build` before the e2e tests");
  }
  // A free port can be taken between probing and listening: try a few before giving up.
  for (let attempt = 1; ; attempt++) {
    const dataDir = mkdtempSync(path.join(tmpdir(), "glasspane-e2e-"));
    if (!fresh) cpSync(inject("e2eDataTemplate"), dataDir, { recursive: true });
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    let output = "";
    const child = spawn(process.execPath, [SERVER_ENTRY, "serve"], {
      cwd: ROOT,
      env: {
        ...process.env,
        PORT: String(port),
        HOST: "127.0.0.1",
        GLASSPANE_DATA_DIR: dataDir,
        // Empty means embedded PGlite even if the shell that runs the tests has one set.
        DATABASE_URL: "",
        LOG_LEVEL: "warn",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
    };
    child.stdout?.on("data", collect);
    child.stderr?.on("data", collect);
    const stop = async () => {
      await stopChild(child);
      rmSync(dataDir, { recursive: true, force: true });
    };
    try {
      await waitUntilReady(url, child, 90_000);
      return { url, output: () => output, stop };
    } catch (error) {
      await stop();
      if (attempt < 3 && output.includes("EADDRINUSE")) continue;
      throw new Error(`${(error as Error).message}\n--- server output ---\n${output}`);
    }
  }
}
