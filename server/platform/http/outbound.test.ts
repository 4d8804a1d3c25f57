import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createOutboundHttp,
  OutboundError,
  SIGNATURE_HEADER,
  signWebhook,
  TIMESTAMP_HEADER,
  verifyWebhook,
  webhookHeaders,
} from "./outbound.ts";
import { isPrivateAddress } from "./private-addresses.ts";

interface Received {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: string;
}

let server: Server;
let base: string;
const received: Received[] = [];

function route(req: IncomingMessage, res: ServerResponse, body: string) {
  received.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body });
  switch (req.url) {
    case "/hook":
      res.writeHead(204).end();
      return;
    case "/slow":
      setTimeout(() => res.writeHead(200).end("late"), 2_000);
      return;
    case "/stall":
      // Headers at once, then a body that never finishes.
      res.writeHead(200, { "content-type": "text/plain" });
      res.write("partial");
      return;
    case "/big":
      res.writeHead(200).end("x".repeat(5_000));
      return;
    case "/big-chunked":
      res.writeHead(200);
      for (let i = 0; i < 5; i++) res.write("y".repeat(1_000));
      res.end();
      return;
    case "/redirect":
      res.writeHead(302, { location: "/hook" }).end();
      return;
    default:
      res.writeHead(404).end("no such path");
  }
}

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => {
      body += chunk.toString();
    });
    req.on("end", () => route(req, res, body));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

async function failure(run: () => Promise<unknown>): Promise<OutboundError> {
  try {
    await run();
  } catch (error) {
    if (error instanceof OutboundError) return error;
    throw error;
  }
  throw new Error("the request succeeded");
}

const open = createOutboundHttp({ blockPrivateNetworks: false });
const guarded = createOutboundHttp({ blockPrivateNetworks: true });

describe("outbound requests", () => {
  it("delivers a signed webhook that the receiver can verify", async () => {
    const secret = "gpwh_test-secret-0123456789";
    const body = JSON.stringify({ type: "budget.threshold", amount: "100.00" });
    const response = await open.request(`${base}/hook`, {
      method: "POST",
      headers: { "content-type": "application/json", ...webhookHeaders(secret, body) },
      body,
    });
    expect(response.status).toBe(204);
    const got = received.at(-1)!;
    expect(got).toMatchObject({ method: "POST", url: "/hook", body });
    const timestamp = String(got.headers[TIMESTAMP_HEADER]);
    const signature = String(got.headers[SIGNATURE_HEADER]);
    expect(signature).toBe(`v1=${signWebhook(secret, timestamp, body)}`);
    expect(verifyWebhook(secret, timestamp, body, signature)).toBe(true);
    expect(verifyWebhook("another secret", timestamp, body, signature)).toBe(false);
    expect(verifyWebhook(secret, timestamp, `${body} `, signature)).toBe(false);
    expect(Math.abs(Number(timestamp) - Date.now() / 1000)).toBeLessThan(5);
  });

  it("signs HMAC-SHA256 over timestamp.body, as openssl computes it", () => {
    // echo -n '1700000000.{"a":1}' | openssl dgst -sha256 -hmac 'key'
    expect(signWebhook("key", 1700000000, '{"a":1}')).toBe(
      "a438e398bfafc57e4396bb7fc2304422f0f768e965d073ca313cb52e22e6ad03",
    );
  });

  it("refuses 127.0.0.1 and a name resolving to it when private networks are blocked", async () => {
    const before = received.length;
    const literal = await failure(() => guarded.request(`${base}/hook`, { method: "POST" }));
    expect(literal.code).toBe("blocked_address");
    expect(literal.message).toContain("127.0.0.1");
    const port = new URL(base).port;
    const named = await failure(() => guarded.request(`http://localhost:${port}/hook`));
    expect(named.code).toBe("blocked_address");
    const mapped = await failure(() => guarded.request(`http://[::ffff:127.0.0.1]:${port}/`));
    expect(mapped.code).toBe("blocked_address");
    const metadata = await failure(() =>
      guarded.request("http://169.254.169.254/latest/meta-data/"),
    );
    expect(metadata.code).toBe("blocked_address");
    expect(received.length).toBe(before);
  });

  it("gives up at the deadline, also on a body that stops half way", async () => {
    const started = Date.now();
    const slow = await failure(() => open.request(`${base}/slow`, { timeoutMs: 200 }));
    expect(slow.code).toBe("timeout");
    const stalled = await failure(() => open.request(`${base}/stall`, { timeoutMs: 200 }));
    expect(stalled.code).toBe("timeout");
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it("refuses a response larger than the limit, declared or streamed", async () => {
    const declared = await failure(() => open.request(`${base}/big`, { maxResponseBytes: 1_000 }));
    expect(declared.code).toBe("too_large");
    const streamed = await failure(() =>
      open.request(`${base}/big-chunked`, { maxResponseBytes: 1_000 }),
    );
    expect(streamed.code).toBe("too_large");
    const fits = await open.request(`${base}/big`, { maxResponseBytes: 10_000 });
    expect(fits.body.length).toBe(5_000);
  });

  it("does not follow redirects unless asked, and then a limited number", async () => {
    const unfollowed = await open.request(`${base}/redirect`);
    expect(unfollowed.status).toBe(302);
    const followed = await open.request(`${base}/redirect`, { maxRedirects: 1 });
    expect(followed.status).toBe(204);
    expect(followed.url).toBe(`${base}/hook`);
  });

  it("refuses URLs it should never call", async () => {
    expect((await failure(() => open.request("file:///etc/passwd"))).code).toBe("invalid_url");
    expect((await failure(() => open.request("not a url"))).code).toBe("invalid_url");
    expect((await failure(() => open.request(`http://u:p@127.0.0.1/`))).code).toBe("invalid_url");
  });
});

describe("private address ranges", () => {
  it.each([
    "127.0.0.1",
    "10.1.2.3",
    "172.16.0.1",
    "192.168.1.1",
    "100.64.0.1",
    "169.254.169.254",
    "0.0.0.0",
    "::1",
    "::",
    "fd00:ec2::254",
    "fe80::1",
    "::ffff:10.0.0.1",
    "::ffff:7f00:1",
  ])("%s is private", (address) => {
    expect(isPrivateAddress(address)).toBe(true);
  });

  it.each(["8.8.8.8", "1.1.1.1", "93.184.216.34", "2606:4700:4700::1111"])(
    "%s is public",
    (address) => {
      expect(isPrivateAddress(address)).toBe(false);
    },
  );
});
