// `glasspane logs templates` as a user runs it: a process fed on stdin (or given a file), with a
// fresh data directory to show it needs neither a database nor a server.
import { spawn } from "node:child_process";
import { existsSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { freshDataDir } from "../support/process.ts";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const data = freshDataDir();
const inputs = freshDataDir();

afterAll(() => {
  data.remove();
  inputs.remove();
});

function run(
  args: string[],
  stdin: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, "bin/glasspane.mjs"), ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? "", GLASSPANE_DATA_DIR: data.dir },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
    });
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

const INPUT = [
  "Accepted password for root from 10.0.0.1 port 22 ssh2",
  "Connection closed by 10.0.0.7 port 51515",
  "Accepted password for root from 192.168.1.20 port 2222 ssh2",
  "Connection closed by 10.0.0.9 port 40404",
  "",
  "Connection closed by 172.16.0.3 port 60001\r",
].join("\n");

describe("glasspane logs templates", () => {
  it("writes one <templateId>\\t<template> line per input line, in order", async () => {
    const result = await run(["logs", "templates"], INPUT);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const lines = result.stdout.split("\n");
    expect(lines.pop()).toBe(""); // ends with a newline
    expect(lines).toHaveLength(6);
    const [ids, templates] = [
      lines.map((l) => l.split("\t")[0]),
      lines.map((l) => l.split("\t")[1]),
    ];
    expect(ids[0]).toBe(ids[2]);
    expect(ids[1]).toBe(ids[3]);
    expect(ids[1]).toBe(ids[5]);
    expect(ids[0]).not.toBe(ids[1]);
    expect(ids.every((id) => /^[0-9a-f]{8}(\.[0-9a-f]{8})?$/.test(id ?? ""))).toBe(true);
    expect(templates[0]).toBe("Accepted password for root from <*> port <*> ssh2");
    expect(templates[1]).toBe("Connection closed by <*> port <*>");
    expect(templates[4]).toBe("");
    // No database was opened in the data directory.
    expect(existsSync(data.dir) ? readdirSync(data.dir) : []).toEqual([]);
  }, 60_000);

  it("reads a file given as argument, with the same result as stdin", async () => {
    const file = path.join(inputs.dir, "input.log");
    writeFileSync(file, INPUT);
    const fromFile = await run(["logs", "templates", file], "");
    const fromStdin = await run(["logs", "templates"], INPUT);
    expect(fromFile.code).toBe(0);
    expect(fromFile.stdout).toBe(fromStdin.stdout);
    // "-" is stdin, and a byte order mark (Windows editors write one) is not part of a line.
    const dash = await run(["logs", "templates", "-"], `\ufeff${INPUT}`);
    expect(dash.stdout).toBe(fromStdin.stdout);
  }, 60_000);

  it("names a missing file and exits with code 2", async () => {
    const result = await run(["logs", "templates", "/nonexistent/input.log"], "");
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toBe(
      "glasspane: /nonexistent/input.log: no such file or readable file",
    );
  }, 60_000);

  it("--stream answers each line as it arrives", async () => {
    const result = await run(["logs", "templates", "--stream"], INPUT);
    expect(result.code).toBe(0);
    expect(result.stdout.split("\n")).toHaveLength(7);
  }, 60_000);
});
