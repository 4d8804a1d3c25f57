import type { IncomingHttpHeaders } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createOwner,
  createTestRuntime,
  type TestRuntime,
} from "../../../../test/support/runtime.ts";
import type { OperationOutput } from "../../../adapters/client.ts";
import { AppError } from "../../../platform/errors.ts";
import {
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
  verifyWebhook,
} from "../../../platform/http/outbound.ts";
import type { Caller } from "../../../platform/operations/execute.ts";
import { type Listening, startHttp } from "../uptime/probe-servers.testing.ts";
import { renderStatusPage } from "../uptime/status-page.html.ts";
import { evaluateWorkspace } from "./engine.ts";

let rt: TestRuntime;
let owner: Caller;
let workspaceId: string;
let site: Listening | undefined;
let sitePort = 0;
let receiver: Listening;
const received: { headers: IncomingHttpHeaders; body: string }[] = [];

type Check = OperationOutput<"health.checks.create">;

const startSite = async (port = 0) => {
  const server = await startHttp((_req, res) => res.end("shop is open"));
  return server.port === port || port === 0 ? server : server;
};

beforeAll(async () => {
  rt = await createTestRuntime();
  const o = await createOwner(rt, "ops@example.com", "Ops");
  owner = o.caller;
  workspaceId = o.workspaceId;
  site = await startSite();
  sitePort = site.port;
  receiver = await startHttp((req, res) => {
    let body = "";
    req.on("data", (c) => {
      body += c;
    });
    req.on("end", () => {
      received.push({ headers: req.headers, body });
      res.end("ok");
    });
  });
}, 60_000);

afterAll(async () => {
  await site?.close();
  await receiver?.close();
  await rt?.close();
});

const call = (name: Parameters<TestRuntime["as"]>[1], input: unknown = {}) =>
  rt.as(owner, name, input);
const evaluate = (now?: Date) => evaluateWorkspace(rt.database.db, rt.services, workspaceId, now);

async function refusal(run: () => Promise<unknown>): Promise<AppError> {
  try {
    await run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("the call succeeded");
}

describe("health checks through the registry", () => {
  it("refuse a loopback target until an admin allows private targets", async () => {
    const check = (await call("health.checks.create", {
      kind: "http",
      name: "Blocked",
      target: `http://127.0.0.1:${sitePort}/`,
    })) as Check;
    const result = (await call("health.checks.run", { id: check.id })) as {
      isUp: boolean;
      error: string;
    };
    expect(result.isUp).toBe(false);
    expect(result.error).toMatch(/a workspace admin can allow private targets/);
    await call("health.checks.delete", { id: check.id });
    await call("health.settings.update", { allowPrivateTargets: true });
  });

  it("name the field of a bad target", async () => {
    const error = await refusal(() =>
      call("health.checks.create", { kind: "tcp", name: "Bad", target: "db.internal" }),
    );
    expect(error.code).toBe("invalid_input");
    expect(error.message).toMatch(/target/);
    const ping = await refusal(() =>
      call("health.checks.create", { kind: "ping", name: "Bad", target: "http://db.internal/" }),
    );
    expect(ping.message).toMatch(/target: must be a host name or an IP address/);
    const count = await refusal(() =>
      call("health.checks.create", {
        kind: "ping",
        name: "Bad",
        target: "db.internal",
        settings: { count: 50 },
      }),
    );
    expect(count.message).toMatch(/settings\.count/);
    // A run, retries included, that could outlast its interval: runs would overlap.
    const overlap = await refusal(() =>
      call("health.checks.create", {
        kind: "tcp",
        name: "Overlap",
        target: "127.0.0.1:1",
        intervalSeconds: 10,
        timeoutMs: 5_000,
        retries: 2,
      }),
    );
    expect(overlap.message).toMatch(
      /^timeoutMs: a run with its retries can take 17 s, longer than the 10 s interval/,
    );
  });

  it("ping a host with the system's ping and record its round trip", async () => {
    const check = (await call("health.checks.create", {
      kind: "ping",
      name: "Gateway",
      target: "127.0.0.1",
      settings: { count: 2 },
    })) as Check;
    expect(check.settings).toEqual({ count: 2 });
    const result = (await call("health.checks.run", { id: check.id })) as {
      isUp: boolean;
      latencyMs: number | null;
    };
    expect(result).toMatchObject({ isUp: true });
    expect(result.latencyMs).toBeGreaterThanOrEqual(0);
    await call("health.checks.delete", { id: check.id });
  });
});

describe("a site going down and coming back", () => {
  let check: Check;
  let incidentId: string;
  let signingSecret: string;

  it("is up, with uptime and latency percentiles", async () => {
    check = (await call("health.checks.create", {
      kind: "http",
      name: "Shop",
      target: `http://127.0.0.1:${sitePort}/`,
      service: "shop",
      settings: { keyword: "open" },
    })) as Check;
    expect(((await call("health.checks.run", { id: check.id })) as { isUp: boolean }).isUp).toBe(
      true,
    );
    const detail = (await call("health.checks.get", {
      id: check.id,
    })) as OperationOutput<"health.checks.get">;
    expect(detail.check.status).toBe("up");
    expect(detail.uptime).toEqual({ day: 1, week: 1, month: 1, quarter: 1 });
    expect(detail.latency.p50).not.toBeNull();
    expect(detail.days).toHaveLength(1);
    const list = (await call("health.checks.list")) as OperationOutput<"health.checks.list">;
    expect(list.find((c) => c.id === check.id)?.recent).toHaveLength(1);
  });

  it("fires an alert, opens an incident and tells people in the app and by a signed webhook", async () => {
    const destination = (await call("alerts.destinations.create", {
      name: "Receiver",
      url: `http://127.0.0.1:${receiver.port}/hooks/secret-path`,
    })) as OperationOutput<"alerts.destinations.create">;
    signingSecret = destination.signingSecret;
    expect(destination.url).toBe(`http://127.0.0.1:${receiver.port}/…`);
    await call("alerts.rules.create", {
      name: "Shop down",
      kind: "health_check_failing",
      params: { checkIds: [check.id] },
      severity: "critical",
      destinationIds: [destination.id],
    });
    await site!.close();
    site = undefined;
    const down = (await call("health.checks.run", { id: check.id })) as {
      isUp: boolean;
      error: string;
    };
    expect(down.isUp).toBe(false);
    expect(down.error).toMatch(/ECONNREFUSED/);

    const summary = await evaluate();
    expect(summary).toMatchObject({ pending: 1, fired: 1, errors: [] });
    const firing = (await call("alerts.list", {
      state: "firing",
    })) as OperationOutput<"alerts.list">;
    expect(firing).toHaveLength(1);
    expect(firing[0]).toMatchObject({ ruleName: "Shop down", isSilenced: false });
    expect(firing[0]!.summary).toBe("Shop is down");
    incidentId = firing[0]!.incidentId!;
    expect(incidentId).toBeTruthy();
    // Titled by the rule and the check; the alert's summary opens the timeline.
    const opened = (await call("incidents.get", {
      id: incidentId,
    })) as OperationOutput<"incidents.get">;
    expect(opened.title).toBe("Shop down · Shop");
    expect(opened.timeline[0]).toMatchObject({ kind: "opened", body: "Shop is down" });
    // The incident's own alerts (its page shows their rules' runbooks).
    const grouped = (await call("alerts.list", { incidentId })) as OperationOutput<"alerts.list">;
    expect(grouped.map((a) => a.id)).toEqual([firing[0]!.id]);
    const other = "00000000-0000-4000-8000-000000000000";
    expect(await call("alerts.list", { incidentId: other })).toEqual([]);

    const notes = (await call("notifications.list", {})) as
      | { items?: { title: string }[] }
      | { title: string }[];
    const titles = (Array.isArray(notes) ? notes : (notes.items ?? [])).map((n) => n.title);
    expect(titles.some((t) => t.startsWith("Firing: Shop is down"))).toBe(true);

    // The delivery is a job: the worker runs it and signs the body with the vault's secret.
    rt.services.jobs.start();
    await waitFor(() => received.length >= 1);
    const [delivery] = received;
    const body = JSON.parse(delivery!.body);
    expect(body).toMatchObject({
      event: "alert.firing",
      alert: { rule: "Shop down", severity: "critical" },
    });
    const stamp = String(delivery!.headers[TIMESTAMP_HEADER]);
    expect(
      verifyWebhook(
        signingSecret,
        stamp,
        delivery!.body,
        String(delivery!.headers[SIGNATURE_HEADER]),
      ),
    ).toBe(true);
    expect(
      verifyWebhook(
        "another secret",
        stamp,
        delivery!.body,
        String(delivery!.headers[SIGNATURE_HEADER]),
      ),
    ).toBe(false);

    // Each attempt is recorded on its destination: a failing webhook shows on Health → Routing.
    const destinations = async () =>
      (await call("alerts.destinations.list", {})) as OperationOutput<"alerts.destinations.list">;
    await waitFor(async () => (await destinations()).some((d) => d.lastDeliveryAt));
    expect((await destinations())[0]!.lastDeliveryError).toBeNull();
    const failing = await startHttp((_req, res) => {
      res.statusCode = 500;
      res.end("down");
    });
    try {
      const broken = (await call("alerts.destinations.create", {
        name: "Broken hook",
        url: `http://127.0.0.1:${failing.port}/hook`,
      })) as { id: string };
      await rt.services.jobs.enqueue(
        rt.database.db,
        "alerts.deliver",
        { destinationId: broken.id, body: "{}" },
        { workspaceId, maxAttempts: 5 },
      );
      await waitFor(async () =>
        (await destinations()).some((d) => d.id === broken.id && d.lastDeliveryError),
      );
      const shown = (await destinations()).find((d) => d.id === broken.id)!;
      expect(shown.lastDeliveryError).toBe(
        "Broken hook answered HTTP 500 (attempt 1 of 5, will retry)",
      );
      await call("alerts.destinations.delete", { id: broken.id });
    } finally {
      await failing.close();
    }
    await rt.services.jobs.stop(1_000);
  });

  it("lets people acknowledge and comment, then resolves with the site", async () => {
    await call("incidents.acknowledge", { id: incidentId });
    expect((await refusal(() => call("incidents.acknowledge", { id: incidentId }))).code).toBe(
      "conflict",
    );
    await call("incidents.comment", { id: incidentId, body: "Restarting the shop" });
    site = await startHttp((_req, res) => res.end("shop is open"));
    await call("health.checks.update", { id: check.id, target: `http://127.0.0.1:${site.port}/` });
    expect(((await call("health.checks.run", { id: check.id })) as { isUp: boolean }).isUp).toBe(
      true,
    );
    expect((await evaluate()).resolved).toBe(1);
    const incident = (await call("incidents.get", {
      id: incidentId,
    })) as OperationOutput<"incidents.get">;
    expect(incident.status).toBe("resolved");
    expect(incident.timeline.map((e) => e.kind)).toEqual([
      "opened",
      "acknowledged",
      "comment",
      "alert_resolved",
      "resolved",
    ]);
    expect(incident.timeline[2]).toMatchObject({
      body: "Restarting the shop",
      actor: expect.any(String),
    });
    const [alert] = (await call("alerts.list", {
      state: "resolved",
    })) as OperationOutput<"alerts.list">;
    const history = (await call("alerts.history", { id: alert!.id })) as { state: string }[];
    expect(history.map((h) => h.state)).toEqual(["pending", "firing", "resolved"]);
    const changes = (
      (await call("health.checks.get", { id: check.id })) as OperationOutput<"health.checks.get">
    ).changes;
    expect(changes.map((c) => c.status)).toEqual(["up", "down", "up"]);
  });

  it("shows the chosen checks and open incidents on the public status page, without signing in", async () => {
    await call("health.statusPage.update", {
      isEnabled: true,
      slug: "ops-status",
      title: "Ops status",
      checkIds: [check.id],
    });
    const page = (await rt.as({ actor: { type: "anonymous" } }, "health.statusPage.view", {
      slug: "ops-status",
    })) as OperationOutput<"health.statusPage.view">;
    expect(page).toMatchObject({ title: "Ops status", status: "operational", incidents: [] });
    expect(page.components[0]).toMatchObject({ name: "Shop", status: "up" });
    expect(page.components[0]!.days).toHaveLength(90);
    // Today's bar reconciles with the runs (the worker may have added a scheduled one).
    const runs = (await call("health.checks.results", { id: check.id })) as { isUp: boolean }[];
    const share = runs.filter((r) => r.isUp).length / runs.length;
    expect(runs.length).toBeGreaterThanOrEqual(3);
    expect(page.components[0]!.days.at(-1)!.uptime).toBeCloseTo(share);
    const html = renderStatusPage(page);
    expect(html).toContain("All systems operational");
    expect(html).not.toContain("127.0.0.1");
    await call("health.statusPage.update", {
      isEnabled: false,
      slug: "ops-status",
      title: "Ops status",
      checkIds: [check.id],
    });
    const gone = await refusal(() =>
      rt.as({ actor: { type: "anonymous" } }, "health.statusPage.view", { slug: "ops-status" }),
    );
    expect(gone.code).toBe("not_found");
  });
});

describe("rule timing and silences", () => {
  it("keeps an alert pending for the rule's `for`, and a silence mutes it", async () => {
    const check = (await call("health.checks.create", {
      kind: "tcp",
      name: "Queue",
      target: "127.0.0.1:1",
    })) as Check;
    await call("health.checks.run", { id: check.id });
    const rule = (await call("alerts.rules.create", {
      name: "Queue down",
      kind: "health_check_failing",
      params: { checkIds: [check.id] },
      forSeconds: 300,
    })) as { id: string };
    await call("alerts.silences.create", {
      matchers: [{ label: "check", value: "Queue" }],
      endsAt: new Date(Date.now() + 3_600_000).toISOString(),
      comment: "maintenance",
    });
    await evaluate();
    const pending = (await call("alerts.list", {
      state: "pending",
    })) as OperationOutput<"alerts.list">;
    expect(pending.map((a) => a.ruleId)).toContain(rule.id);
    const fired = await evaluate(new Date(Date.now() + 301_000));
    expect(fired.fired).toBe(1);
    const [alert] = (
      (await call("alerts.list", { state: "firing" })) as OperationOutput<"alerts.list">
    ).filter((a) => a.ruleId === rule.id);
    expect(alert!.isSilenced).toBe(true);
    await call("alerts.rules.delete", { id: rule.id });
  });
});

async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs = 15_000) {
  const started = Date.now();
  while (!(await condition())) {
    if (Date.now() - started > timeoutMs) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 50));
  }
}
