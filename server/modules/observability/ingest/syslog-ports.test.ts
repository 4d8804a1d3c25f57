import dgram from "node:dgram";
import net from "node:net";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createOwner,
  createTestRuntime,
  type TestRuntime,
} from "../../../../test/support/runtime.ts";
import type { OperationOutput } from "../../../adapters/client.ts";
import type { Caller } from "../../../platform/operations/execute.ts";
import { eventually, freePort, listen, makeKey, run } from "./ingest.testkit.ts";

let rt: TestRuntime;
let owner: Caller;
let app: FastifyInstance | undefined;
const from = new Date(Date.now() - 3 * 86_400_000).toISOString();
const to = new Date(Date.now() + 86_400_000).toISOString();

beforeAll(async () => {
  rt = await createTestRuntime({ HOST: "127.0.0.1" });
  owner = (await createOwner(rt, "syslog@example.com", "Syslog")).caller;
});
afterAll(async () => {
  await app?.close();
  await rt?.close();
});

/** Another program holding the port over TCP (as Prometheus held 19090 in QA's test). */
async function holdTcp(port: number) {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", () => resolve()));
  return { close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

async function holdUdp(port: number) {
  const socket = dgram.createSocket("udp4");
  await new Promise<void>((resolve) => socket.bind(port, "127.0.0.1", () => resolve()));
  return { close: () => new Promise<void>((resolve) => socket.close(() => resolve())) };
}

const keys = async () =>
  (await rt.as(owner, "ingest.keys.list", {})) as OperationOutput<"ingest.keys.list">;
const found = async (q: string) =>
  ((await rt.as(owner, "logs.search", { q, from, to })) as { total: number }).total;
const logger = (port: number, ...args: string[]) =>
  run("logger", ["-n", "127.0.0.1", "-P", String(port), ...args]);
const sync = () =>
  (app as unknown as { ingestSyslog: { sync(): Promise<void> } }).ingestSyslog.sync();

describe("a syslog port this server cannot open", () => {
  it("is refused at creation when another program has it over TCP or over UDP", async () => {
    const port = await freePort();
    const tcp = await holdTcp(port);
    await expect(
      makeKey(rt, owner, { name: "busy tcp", defaultService: "x", syslogPort: port }),
    ).rejects.toMatchObject({
      code: "invalid_input",
      details: { field: "syslogPort" },
      message: expect.stringContaining(`TCP port ${port} is in use on this server`),
    });
    await tcp.close();
    const udp = await holdUdp(port);
    await expect(
      makeKey(rt, owner, { name: "busy udp", defaultService: "x", syslogPort: port }),
    ).rejects.toMatchObject({
      message: expect.stringContaining(`UDP port ${port} is in use on this server`),
    });
    await udp.close();
    // Nothing was saved for either attempt; once free, the port is taken.
    expect((await keys()).filter((k) => k.syslogPort === port)).toEqual([]);
    await makeKey(rt, owner, { name: "free now", defaultService: "x", syslogPort: port });
  });

  it("taken later over TCP: UDP still listens and the key shows why TCP does not, until it frees", async () => {
    const port = await freePort();
    const key = await makeKey(rt, owner, { name: "later", defaultService: "x", syslogPort: port });
    // The port is taken between the key's creation and the server opening it (a restart).
    const tcp = await holdTcp(port);
    ({ app } = await listen(rt));
    await sync();
    const listed = (await keys()).find((k) => k.id === key.id)!;
    expect(listed.syslogError).toBe(`TCP port ${port} is in use on this server`);

    await logger(port, "-d", "-t", "busyapp", "udpline while tcp is taken");
    await eventually(async () => (await found("udpline")) === 1);

    await tcp.close();
    await sync();
    expect((await keys()).find((k) => k.id === key.id)!.syslogError).toBeNull();
    await logger(port, "-T", "-t", "busyapp", "tcpline once the port is free");
    await eventually(async () => (await found("tcpline")) === 1);
  });
});
