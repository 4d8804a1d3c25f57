import { once } from "node:events";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOutboundFetch } from "./outbound-fetch.ts";

let server: http.Server;
let base: string;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    if (req.url === "/stream") {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.write("data: one\n\n");
      // The second part comes later: a streaming reader sees the first before it.
      setTimeout(() => res.end("data: two\n\n"), 150);
      return;
    }
    if (req.url === "/big") {
      res.writeHead(200);
      res.end("x".repeat(5000));
      return;
    }
    let body = "";
    req.on("data", (c: Buffer) => {
      body += c.toString();
    });
    req.on("end", () => {
      res.writeHead(201, {
        "content-type": "application/json",
        "x-echo": req.headers["x-test"] ?? "",
      });
      res.end(JSON.stringify({ method: req.method, body }));
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.close();
});

describe("the outbound fetch for model clients", () => {
  it("sends method, headers and body and reads the answer", async () => {
    const fetch = createOutboundFetch({ blockPrivateNetworks: false });
    const response = await fetch(`${base}/echo`, {
      method: "POST",
      headers: { "x-test": "yes" },
      body: JSON.stringify({ a: 1 }),
    });
    expect(response.status).toBe(201);
    expect(response.headers.get("x-echo")).toBe("yes");
    expect(await response.json()).toEqual({ method: "POST", body: '{"a":1}' });
  });

  it("streams the body as it arrives", async () => {
    const fetch = createOutboundFetch({ blockPrivateNetworks: false });
    const response = await fetch(`${base}/stream`);
    const reader = response.body!.getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toBe("data: one\n\n");
    let rest = "";
    for (let part = await reader.read(); !part.done; part = await reader.read())
      rest += new TextDecoder().decode(part.value);
    expect(rest).toBe("data: two\n\n");
  });

  it("refuses loopback in hosted mode (GLASSPANE_BLOCK_PRIVATE_NETWORKS)", async () => {
    const fetch = createOutboundFetch({ blockPrivateNetworks: true });
    await expect(fetch(`${base}/echo`)).rejects.toMatchObject({ code: "blocked_address" });
    await expect(fetch("http://localhost:1/v1")).rejects.toMatchObject({ code: "blocked_address" });
    await expect(fetch("file:///etc/passwd")).rejects.toMatchObject({ code: "invalid_url" });
  });

  it("cuts a response larger than the limit", async () => {
    const fetch = createOutboundFetch({ blockPrivateNetworks: false, maxResponseBytes: 1000 });
    const response = await fetch(`${base}/big`);
    await expect(response.text()).rejects.toThrow();
  });
});
