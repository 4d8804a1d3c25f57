import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createOwner,
  createTestRuntime,
  type TestRuntime,
} from "../../../../test/support/runtime.ts";
import type { OperationOutput } from "../../../adapters/client.ts";
import type { Caller } from "../../../platform/operations/execute.ts";
import { ZHttpSettings, ZTcpSettings } from "./checks.zod.ts";
import type { ProbeSpec } from "./probe-run.ts";
import { type OffThreadHttp, startHttpOffThread } from "./probe-servers.testing.ts";
import { answerDeadlineMs, createProbeWorker } from "./probe-worker.ts";

let rt: TestRuntime;
let owner: Caller;
let site: OffThreadHttp;

beforeAll(async () => {
  rt = await createTestRuntime();
  ({ caller: owner } = await createOwner(rt, "ops@example.com", "Ops"));
  await rt.as(owner, "health.settings.update", { allowPrivateTargets: true });
  site = await startHttpOffThread();
}, 60_000);

afterAll(async () => {
  await site?.close();
  await rt?.close();
});

const url = (holdMs = 0) => `http://127.0.0.1:${site.port}/?holdMs=${holdMs}`;
const httpSpec = (target: string, timeoutMs = 5_000): ProbeSpec => ({
  kind: "http",
  target,
  timeoutMs,
  retries: 0,
  settings: ZHttpSettings.parse({}),
});
const open = { instanceBlocksPrivate: false, allowPrivateTargets: true };

/** Holds this thread, and with it the event loop, as a long PGlite query does. */
function blockEventLoop(ms: number): number {
  const started = performance.now();
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
  return performance.now() - started;
}

async function until(isTrue: () => boolean, withinMs = 30_000) {
  const deadline = Date.now() + withinMs;
  while (!isTrue()) {
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe("probes in their worker thread", () => {
  it("do not count a stall of the server's event loop as the target's latency", async () => {
    const check = (await rt.as(owner, "health.checks.create", {
      kind: "http",
      name: "Shop",
      target: url(100),
      timeoutMs: 1_000,
      retries: 0,
      isEnabled: false,
    })) as OperationOutput<"health.checks.create">;
    const before = site.requestCount();
    const running = rt.as(owner, "health.checks.run", { id: check.id });
    // The request is out: stall this thread for 1.5 s while the site answers after 0.1 s. On the
    // main thread the probe measured the stall (~1,500 ms) and failed on its 1,000 ms timeout.
    await until(() => site.requestCount() > before);
    expect(blockEventLoop(1_500)).toBeGreaterThanOrEqual(1_400);
    const result = (await running) as OperationOutput<"health.checks.run">;
    expect(result).toMatchObject({ isUp: true, statusCode: 200, error: null });
    expect(result.latencyMs).toBeLessThan(500);
    const recorded = (await rt.as(owner, "health.checks.get", {
      id: check.id,
    })) as OperationOutput<"health.checks.get">;
    expect(recorded.check).toMatchObject({ status: "up", lastLatencyMs: result.latencyMs });
  });

  it("keep the target policy: private and metadata addresses refused as on the main thread", async () => {
    const probes = createProbeWorker();
    try {
      const closed = { instanceBlocksPrivate: false, allowPrivateTargets: false };
      expect((await probes.run(httpSpec(url()), closed)).error).toMatch(
        /private address; a workspace admin can allow private targets/,
      );
      const hosted = { instanceBlocksPrivate: true, allowPrivateTargets: true };
      const tcp: ProbeSpec = {
        kind: "tcp",
        target: `127.0.0.1:${site.port}`,
        timeoutMs: 2_000,
        retries: 0,
        settings: ZTcpSettings.parse({}),
      };
      expect((await probes.run(tcp, hosted)).error).toMatch(/GLASSPANE_BLOCK_PRIVATE_NETWORKS/);
      const metadata = httpSpec("http://169.254.169.254/latest/meta-data/", 1_000);
      expect((await probes.run(metadata, open)).error).toMatch(/cloud metadata/);
      expect(await probes.run(httpSpec(url()), open)).toMatchObject({ isUp: true });
    } finally {
      await probes.close();
    }
  });

  it("fail a probe the worker does not answer in time, and go on probing", async () => {
    // The main thread gives up on the held request after 300 ms; the worker itself would wait 5 s.
    const probes = createProbeWorker({
      answerWithinMs: (spec) => (spec.target.endsWith("=3000") ? 300 : answerDeadlineMs(spec)),
    });
    try {
      expect(await probes.run(httpSpec(url()), open)).toMatchObject({ isUp: true });
      const unanswered = await probes.run(httpSpec(url(3_000)), open);
      expect(unanswered).toMatchObject({ isUp: false, latencyMs: null });
      expect(unanswered.error).toMatch(/^The probe worker did not answer within 300 ms/);
      expect(await probes.run(httpSpec(url()), open)).toMatchObject({ isUp: true });
    } finally {
      await probes.close();
    }
  });

  it("drop the probes in flight when closed, and start a new worker for the next", async () => {
    const probes = createProbeWorker();
    try {
      expect(await probes.run(httpSpec(url()), open)).toMatchObject({ isUp: true });
      const before = site.requestCount();
      const inFlight = probes.run(httpSpec(url(1_000)), open);
      await until(() => site.requestCount() > before);
      await probes.close();
      // Never answered (a shutdown must not record a false "down"), even once the site answers.
      const late = new Promise((resolve) => setTimeout(() => resolve("unanswered"), 1_500));
      expect(await Promise.race([inFlight, late])).toBe("unanswered");
      expect(await probes.run(httpSpec(url()), open)).toMatchObject({ isUp: true });
    } finally {
      await probes.close();
    }
  });

  describe("a worker that fails", () => {
    const faults = new URL("./probe-faults.testing.ts", import.meta.url);
    const spec = (target: string): ProbeSpec => ({ ...httpSpec(target), kind: "tcp" });

    it("fails the probe it died on, with its exit code, and the next probe gets a new worker", async () => {
      const probes = createProbeWorker({ script: faults });
      try {
        expect(await probes.run(spec("a"), open)).toMatchObject({ isUp: true });
        const died = await probes.run(spec("exit:3"), open);
        expect(died).toMatchObject({ isUp: false, latencyMs: null });
        expect(died.error).toBe("The probe worker stopped (exit code 3)");
        expect(await probes.run(spec("a"), open)).toMatchObject({ isUp: true });
      } finally {
        await probes.close();
      }
    });

    it("replaces a worker that answers neither its probe nor whether it is alive", async () => {
      const probes = createProbeWorker({
        script: faults,
        answerWithinMs: () => 300,
        aliveWithinMs: 300,
      });
      try {
        const stuck = await probes.run(spec("hang"), open);
        expect(stuck.error).toMatch(/^The probe worker did not answer within 300 ms/);
        // The stuck thread is terminated after its 300 ms to say it is alive, and a new one
        // answers (a probe sent before the old one has exited still goes unanswered).
        let next = await probes.run(spec("a"), open);
        for (let tries = 1; !next.isUp && tries < 20; tries++)
          next = await probes.run(spec("a"), open);
        expect(next).toMatchObject({ isUp: true, latencyMs: 1 });
      } finally {
        await probes.close();
      }
    });
  });
});
