import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));

export interface ServerChild {
  url: string;
  pid: number;
  output: () => string;
  /** SIGKILL: no shutdown, no flush, the lock file left behind. */
  kill9: () => Promise<void>;
  /** SIGTERM: the graceful stop (releases the PGlite lock). */
  stop: () => Promise<void>;
}

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

/**
 * The real server (`node bin/glasspane.mjs serve`) as a child process on the given data
 * directory and database (empty URL: embedded PGlite), resolved once /readyz answers.
 */
export async function startServerChild(options: {
  dataDir: string;
  databaseUrl: string;
  env?: Record<string, string>;
}): Promise<ServerChild> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    let output = "";
    const child = spawn(process.execPath, [path.join(ROOT, "bin/glasspane.mjs"), "serve"], {
      cwd: ROOT,
      env: {
        ...process.env,
        PORT: String(port),
        HOST: "127.0.0.1",
        GLASSPANE_DATA_DIR: options.dataDir,
        DATABASE_URL: options.databaseUrl,
        GLASSPANE_SECRET_KEY: "durability-test-secret-key-0123456789abcdef",
        LOG_LEVEL: "warn",
        ...options.env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout?.on("data", (c: Buffer) => {
      output += c.toString();
    });
    child.stderr?.on("data", (c: Buffer) => {
      output += c.toString();
    });
    const kill = async (signal: NodeJS.Signals) => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill(signal);
      await exited(child);
    };
    const deadline = Date.now() + 120_000;
    let ready = false;
    while (!ready && Date.now() < deadline && child.exitCode === null) {
      try {
        ready = (await fetch(`${url}/readyz`)).ok;
      } catch {
        // Not listening yet: the database opens (and recovers, after a crash) first.
      }
      if (!ready) await new Promise((r) => setTimeout(r, 150));
    }
    if (ready) {
      return {
        url,
        pid: child.pid!,
        output: () => output,
        kill9: () => kill("SIGKILL"),
        stop: () => kill("SIGTERM"),
      };
    }
    await kill("SIGKILL");
    if (attempt < 3 && output.includes("EADDRINUSE")) continue;
    throw new Error(`the server did not become ready\n--- output ---\n${output}`);
  }
}
