import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ZDnsSettings, ZHttpSettings, ZPingSettings } from "./checks.zod.ts";
import { withRetries } from "./probe.ts";
import { probeDns } from "./probe-dns.ts";
import { probeHttp } from "./probe-http.ts";
import { probeTcp } from "./probe-net.ts";
import { judgePing, parsePingOutput, pingArgs, probePing } from "./probe-ping.ts";
import {
  type Listening,
  type NameServer,
  selfSignedCertificate,
  startDnsmasq,
  startHttp,
  startHttps,
  startTcp,
} from "./probe-servers.testing.ts";

const execFileP = promisify(execFile);

const open = { instanceBlocksPrivate: false, allowPrivateTargets: true };
const http = (settings: Record<string, unknown> = {}) => ZHttpSettings.parse(settings);
const dns = (settings: Record<string, unknown>) => ZDnsSettings.parse(settings);

let web: Listening;
let secure: Listening;
let tcp: Listening;
let names: NameServer;
let flakyCalls = 0;

beforeAll(async () => {
  web = await startHttp((req, res) => {
    if (req.url === "/fail") return res.writeHead(503).end("down for maintenance");
    if (req.url === "/slow") return setTimeout(() => res.end("slow but fine"), 300);
    if (req.url === "/moved") return res.writeHead(302, { location: "/" }).end();
    if (req.url === "/flaky") {
      flakyCalls++;
      return res.writeHead(flakyCalls === 1 ? 500 : 200).end("flaky");
    }
    res.end("<html><body>All systems healthy</body></html>");
  });
  secure = await startHttps(selfSignedCertificate(10), (_req, res) => res.end("secure ok"));
  tcp = await startTcp();
  names = await startDnsmasq([
    "--host-record=app.example.test,192.0.2.10",
    "--txt-record=app.example.test,v=verify-123",
    "--mx-host=example.test,mail.example.test,10",
    "--cname=www.example.test,app.example.test",
  ]);
}, 30_000);

afterAll(async () => {
  await Promise.all([web?.close(), secure?.close(), tcp?.close(), names?.stop()]);
});

describe("HTTP checks", () => {
  const url = (path: string) => `http://127.0.0.1:${web.port}${path}`;

  it("are up on a 2xx with the keyword present, with the latency measured", async () => {
    const outcome = await probeHttp(url("/"), http({ keyword: "healthy" }), 5_000, open);
    expect(outcome).toMatchObject({ isUp: true, statusCode: 200, error: null });
    expect(outcome.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it("are down on an unexpected status, a missing keyword or a keyword that must be absent", async () => {
    expect(await probeHttp(url("/fail"), http(), 5_000, open)).toMatchObject({
      isUp: false,
      statusCode: 503,
      error: "HTTP 503 is not an expected status",
    });
    expect(
      await probeHttp(url("/fail"), http({ expectedStatus: [503] }), 5_000, open),
    ).toMatchObject({ isUp: true });
    const missing = await probeHttp(url("/"), http({ keyword: "banana" }), 5_000, open);
    expect(missing.error).toBe('"banana" is not in the response');
    const present = await probeHttp(
      url("/fail"),
      http({ expectedStatus: [503], keyword: "maintenance", keywordMode: "absent" }),
      5_000,
      open,
    );
    expect(present).toMatchObject({ isUp: false, error: '"maintenance" is in the response' });
  });

  it("are down when slower than the latency limit or the timeout", async () => {
    const slow = await probeHttp(url("/slow"), http({ maxLatencyMs: 100 }), 5_000, open);
    expect(slow.isUp).toBe(false);
    expect(slow.error).toMatch(/ms is slower than 100 ms/);
    expect(slow.latencyMs).toBeGreaterThanOrEqual(250);
    const timedOut = await probeHttp(url("/slow"), http(), 100, open);
    expect(timedOut).toMatchObject({ isUp: false, error: "No answer within 100 ms" });
  });

  it("follow redirects unless told not to", async () => {
    expect(await probeHttp(url("/moved"), http({ keyword: "healthy" }), 5_000, open)).toMatchObject(
      {
        isUp: true,
        statusCode: 200,
      },
    );
    expect(
      await probeHttp(
        url("/moved"),
        http({ followRedirects: false, expectedStatus: [200] }),
        5_000,
        open,
      ),
    ).toMatchObject({ isUp: false, statusCode: 302 });
  });

  it("retry within a run before counting it as down", async () => {
    flakyCalls = 0;
    const outcome = await withRetries(1, () => probeHttp(url("/flaky"), http(), 5_000, open), 10);
    expect(outcome.isUp).toBe(true);
    expect(flakyCalls).toBe(2);
  });
});

describe("HTTPS checks", () => {
  const url = () => `https://localhost:${secure.port}/`;

  it("refuse a certificate that does not verify", async () => {
    const outcome = await probeHttp(url(), http(), 5_000, open);
    expect(outcome.isUp).toBe(false);
    expect(outcome.error).toMatch(/self[- ]signed certificate/);
  });

  it("report the days left on the certificate and go down below the minimum", async () => {
    const ok = await probeHttp(url(), http({ verifyTls: false }), 5_000, open);
    expect(ok).toMatchObject({ isUp: true, statusCode: 200 });
    // Valid for 10 days from the moment openssl made it: 9 whole days and some hours are left.
    expect(ok.certificateDays).toBe(9);
    const expiring = await probeHttp(
      url(),
      http({ verifyTls: false, minCertificateDays: 30 }),
      5_000,
      open,
    );
    expect(expiring).toMatchObject({
      isUp: false,
      error: "The TLS certificate expires in 9 days (fewer than 30)",
    });
  });

  it("go down once the certificate has expired, even without verifying it", async () => {
    // Read as if 40 days had passed: the 10-day certificate expired 30 days ago.
    const later = () => Date.now() + 40 * 86_400_000;
    const expired = await probeHttp(url(), http({ verifyTls: false }), 5_000, open, later);
    expect(expired).toMatchObject({
      isUp: false,
      certificateDays: -31,
      error: "The TLS certificate expired 31 days ago",
    });
  });
});

describe("Target policy", () => {
  it("refuses loopback until a workspace admin allows private targets", async () => {
    const closed = { instanceBlocksPrivate: false, allowPrivateTargets: false };
    const outcome = await probeHttp(`http://localhost:${web.port}/`, http(), 5_000, closed);
    expect(outcome.isUp).toBe(false);
    expect(outcome.error).toMatch(/private address; a workspace admin can allow private targets/);
    expect((await probeTcp(`127.0.0.1:${tcp.port}`, {}, 5_000, closed)).error).toMatch(
      /private address/,
    );
  });

  it("keeps private targets refused on an instance that blocks private networks", async () => {
    const hosted = { instanceBlocksPrivate: true, allowPrivateTargets: true };
    const outcome = await probeTcp(`127.0.0.1:${tcp.port}`, {}, 5_000, hosted);
    expect(outcome.error).toMatch(/GLASSPANE_BLOCK_PRIVATE_NETWORKS/);
  });

  it("never reaches cloud metadata addresses, even with private targets allowed", async () => {
    const http1 = await probeHttp("http://169.254.169.254/latest/meta-data/", http(), 1_000, open);
    expect(http1.error).toMatch(/cloud metadata/);
    const v6 = await probeHttp("http://[fd00:ec2::254]/", http(), 1_000, open);
    expect(v6.error).toMatch(/cloud metadata/);
    const tcp1 = await probeTcp("169.254.169.254:80", {}, 1_000, open);
    expect(tcp1.error).toMatch(/cloud metadata/);
    const resolver = await probeDns("example.com", dns({ resolver: "169.254.169.254" }), 500, open);
    expect(resolver.error).toMatch(/cloud metadata/);
  });
});

describe("TCP checks", () => {
  it("are up when the port accepts and down when it refuses", async () => {
    expect(await probeTcp(`127.0.0.1:${tcp.port}`, {}, 5_000, open)).toMatchObject({ isUp: true });
    const closedPort = await startTcp();
    await closedPort.close();
    const down = await probeTcp(`127.0.0.1:${closedPort.port}`, {}, 5_000, open);
    expect(down.isUp).toBe(false);
    expect(down.error).toMatch(/ECONNREFUSED/);
    expect((await probeTcp("no-port-here", {}, 5_000, open)).error).toBe(
      "no-port-here is not host:port",
    );
  });
});

describe("DNS checks against dnsmasq", () => {
  const at = (settings: Record<string, unknown>) => dns({ resolver: names.address, ...settings });

  it("are up when the expected answer is among the records", async () => {
    expect(
      await probeDns("app.example.test", at({ expected: "192.0.2.10" }), 2_000, open),
    ).toMatchObject({ isUp: true, error: null });
    expect(
      await probeDns(
        "app.example.test",
        at({ recordType: "TXT", expected: "v=verify-123" }),
        2_000,
        open,
      ),
    ).toMatchObject({ isUp: true });
    expect(
      await probeDns(
        "example.test",
        at({ recordType: "MX", expected: "mail.example.test." }),
        2_000,
        open,
      ),
    ).toMatchObject({ isUp: true });
    expect(
      await probeDns(
        "www.example.test",
        at({ recordType: "CNAME", expected: "app.example.test" }),
        2_000,
        open,
      ),
    ).toMatchObject({ isUp: true });
  });

  it("are down on another answer or no answer", async () => {
    const wrong = await probeDns("app.example.test", at({ expected: "192.0.2.99" }), 2_000, open);
    expect(wrong).toMatchObject({
      isUp: false,
      error: "A app.example.test is 192.0.2.10, not 192.0.2.99",
    });
    const missing = await probeDns("nothing.example.test", at({}), 2_000, open);
    expect(missing.isUp).toBe(false);
    expect(missing.error).toMatch(/^A nothing\.example\.test: E/);
  });
});

describe("Ping checks with the system's ping", () => {
  const ping = (settings: Record<string, unknown> = {}) => ZPingSettings.parse(settings);

  it("are up when the host answers, with the average round trip as the latency", async () => {
    const outcome = await probePing("127.0.0.1", ping({ count: 2 }), 2_000, open);
    expect(outcome).toMatchObject({ isUp: true, error: null, statusCode: null });
    expect(outcome.latencyMs).toBeGreaterThanOrEqual(0);
    expect((await probePing("localhost", ping({ count: 1 }), 2_000, open)).isUp).toBe(true);
  });

  it("check the address against the workspace's policy before any packet is sent", async () => {
    const closed = { instanceBlocksPrivate: false, allowPrivateTargets: false };
    expect((await probePing("127.0.0.1", ping(), 2_000, closed)).error).toMatch(/private address/);
    expect((await probePing("169.254.169.254", ping(), 2_000, open)).error).toMatch(
      /cloud metadata/,
    );
    expect((await probePing("nothing.invalid", ping(), 2_000, open)).error).toMatch(
      /does not resolve/,
    );
  });

  // What iputils prints when replies go missing; a network that drops packets cannot be made
  // here (this sandbox's network answers every address), so the judgement is tested on its text.
  const summaryOf = (received: number, rtt: string | null) =>
    parsePingOutput(
      [
        "PING 192.0.2.7 (192.0.2.7) 56(84) bytes of data.",
        "",
        "--- 192.0.2.7 ping statistics ---",
        `4 packets transmitted, ${received} received, ${100 - received * 25}% packet loss, time 3004ms`,
        ...(rtt ? [`rtt min/avg/max/mdev = ${rtt} ms`] : []),
      ].join("\n"),
    )!;

  it("are down with no reply, and with more loss or latency than the check allows", () => {
    expect(judgePing(summaryOf(0, null), { count: 4 }, 3)).toMatchObject({
      isUp: false,
      error: "No reply to 4 echo requests within 3 s",
    });
    const partial = summaryOf(2, "10.120/41.630/73.140/31.510");
    expect(judgePing(partial, { count: 4 }, 3)).toMatchObject({ isUp: true, latencyMs: 42 });
    expect(judgePing(partial, { count: 4, maxLossPercent: 25 }, 3).error).toBe(
      "50 % of echo requests lost (more than 25 %)",
    );
    expect(judgePing(partial, { count: 4, maxLatencyMs: 40 }, 3).error).toBe(
      "42 ms is slower than 40 ms",
    );
  });

  it("judge loss against the check's count, not the requests ping happened to send", () => {
    // Count 3 with one reply lost: 33 %, not the 25 % of 4 sent (ping's -w sent a fourth).
    const lossy = summaryOf(3, "1.0/1.0/1.0/0.0");
    expect(judgePing(lossy, { count: 3, maxLossPercent: 30 }, 2).error).toBeNull();
    const stopped = { ...summaryOf(2, "1.0/1.0/1.0/0.0"), transmitted: 2 };
    expect(judgePing(stopped, { count: 3, maxLossPercent: 30 }, 2).error).toBe(
      "33 % of echo requests lost (more than 30 %)",
    );
  });

  it("send exactly `count` echo requests to a host that does not answer", async () => {
    // TEST-NET-1 is never routed: every request goes unanswered. ping's -w deadline made it
    // send 10 for a count of 2.
    const outcome = await probePing("192.0.2.99", ping({ count: 2 }), 2_000, open);
    expect(outcome).toMatchObject({
      isUp: false,
      error: "No reply to 2 echo requests within 2 s",
    });
    // What the probe runs, run here to read its summary: 2 sent.
    const { stdout } = await execFileP("ping", pingArgs("192.0.2.99", 2, 2_000), {
      env: { LC_ALL: "C", PATH: process.env.PATH ?? "" },
    }).catch((error: { stdout: string }) => error);
    expect(parsePingOutput(stdout)).toMatchObject({ transmitted: 2, received: 0 });
  });
});
