// What a power cut or `kill -9` must not do: lose a write the server acknowledged, or leave the
// data dir unusable. Many writes are fired, the server is SIGKILLed mid-way, restarted on the
// same data, and every write that got a 200 must be there. Three times over.
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  callApi,
  freshDataDir,
  killIfRunning,
  type RunningServer,
  startServer,
} from "../support/process.ts";
import { freshDatabaseSource, testEngine } from "../support/test-database.ts";

const CYCLES = 3;
const WRITES_PER_CYCLE = 120;
/** Kill once this many writes are acknowledged: the rest are in flight or not yet sent. */
const KILL_AFTER_ACKS = 25;

const data = freshDataDir();
let env: Record<string, string> = { GLASSPANE_DATA_DIR: data.dir };
let dropDatabase: () => Promise<void> = async () => {};
let server: RunningServer | undefined;
let token: string;
/** name → value of every write the server acknowledged with a 200. */
const acknowledged = new Map<string, string>();

const secretValue = (cycle: number, i: number) =>
  `durable-${cycle}-${i}-${cycle}${String(i).padStart(3, "0")}`;

beforeAll(async () => {
  if (testEngine === "postgres") {
    const source = await freshDatabaseSource();
    env = { ...env, DATABASE_URL: source.databaseUrl! };
    dropDatabase = source.drop;
  }
}, 60_000);

afterAll(async () => {
  await killIfRunning(server);
  await dropDatabase();
  data.remove();
});

async function storedSecrets(url: string): Promise<Map<string, string>> {
  const response = await callApi(url, "secrets.list", {}, token);
  expect(response.status).toBe(200);
  const rows = response.body as { name: string; masked: string }[];
  return new Map(rows.map((r) => [r.name, r.masked]));
}

function expectAllAcknowledgedPresent(stored: Map<string, string>) {
  const missing = [...acknowledged.keys()].filter((name) => !stored.has(name));
  expect(missing, "acknowledged writes lost").toEqual([]);
  for (const [name, value] of acknowledged) {
    expect(stored.get(name), name).toBe(`••••${value.slice(-4)}`);
  }
}

/** Fires the writes, SIGKILLs the server once enough are acknowledged, and waits for both. */
async function writeThenKill(running: RunningServer, cycle: number) {
  let acks = 0;
  let killed = false;
  const requests: Promise<void>[] = [];
  for (let i = 0; i < WRITES_PER_CYCLE; i++) {
    const name = `c${cycle}-s${i}`;
    const value = secretValue(cycle, i);
    requests.push(
      callApi(running.url, "secrets.set", { name, value }, token).then(
        ({ status }) => {
          if (status !== 200) return;
          acknowledged.set(name, value);
          if (++acks >= KILL_AFTER_ACKS && !killed) {
            killed = true;
            running.process.kill("SIGKILL");
          }
        },
        () => {}, // cut off by the kill: not acknowledged
      ),
    );
    // Spread the writes out a little so some are still arriving when the kill lands.
    if (i % 10 === 9) await new Promise((resolve) => setTimeout(resolve, 5));
  }
  await Promise.all(requests);
  if (!killed) running.process.kill("SIGKILL");
  const exit = await running.exited;
  expect(exit.signal).toBe("SIGKILL");
  return acks;
}

describe(`SIGKILL during writes (${testEngine})`, () => {
  it(`keeps every acknowledged write across ${CYCLES} kill/restart cycles`, async () => {
    server = await startServer(env);
    const setup = await callApi(server.url, "setup.create", {
      email: "durable@example.com",
      password: "kill nine resistant words",
      workspaceName: "Durable",
      issueToken: true,
    });
    expect(setup.status).toBe(200);
    token = (setup.body as { token: string }).token;

    for (let cycle = 1; cycle <= CYCLES; cycle++) {
      const acks = await writeThenKill(server, cycle);
      expect(acks).toBeGreaterThanOrEqual(KILL_AFTER_ACKS);
      expect(acks, "the kill landed after every write finished").toBeLessThan(WRITES_PER_CYCLE);

      // The same data dir starts again: the dead process's lock is taken over.
      server = await startServer(env);
      if (testEngine === "pglite") {
        const lock = JSON.parse(readFileSync(path.join(data.dir, "glasspane.lock"), "utf8"));
        expect(lock.pid).toBe(server.pid);
      }
      expectAllAcknowledgedPresent(await storedSecrets(server.url));
    }

    // And it still takes writes and stops cleanly.
    const after = await callApi(
      server.url,
      "secrets.set",
      { name: "after-the-storm", value: "still writable after kills" },
      token,
    );
    expect(after.status).toBe(200);
    server.process.kill("SIGTERM");
    expect(await server.exited).toEqual({ code: 0, signal: null });
  }, 600_000);
});
