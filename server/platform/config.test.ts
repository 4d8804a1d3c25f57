import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadConfig } from "./config.ts";
import { ConfigError } from "./errors.ts";

const scratch = mkdtempSync(path.join(tmpdir(), "gp-config-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The ConfigError loadConfig throws for this environment (fails the test if none). */
function configErrorFor(env: Record<string, string>): ConfigError {
  try {
    loadConfig({ GLASSPANE_DATA_DIR: path.join(scratch, "data"), ...env });
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error("loadConfig accepted the environment");
}

function expectOneClearLine(error: ConfigError, variable: string) {
  expect(error.message).toContain(variable);
  expect(error.message).not.toContain("\n");
  expect(error.message.length).toBeLessThan(300);
}

describe("loadConfig", () => {
  it("uses documented defaults when nothing is set", () => {
    const config = loadConfig({}, { createDataDir: false });
    expect(config).toEqual({
      port: 4000,
      host: "0.0.0.0",
      dataDir: path.resolve("data"),
      databaseUrl: undefined,
      secretKey: undefined,
      previousSecretKeys: [],
      publicUrl: undefined,
      trustProxy: false,
      logLevel: "info",
      blockPrivateNetworks: false,
      metricsToken: undefined,
      runWorker: true,
      allowMcpCommands: false,
      ingestMaxInFlightBytes: 32 * 1024 * 1024,
    });
  });

  it("reads every variable it documents", () => {
    const dataDir = path.join(scratch, "custom");
    const config = loadConfig({
      PORT: "8080",
      HOST: "127.0.0.1",
      GLASSPANE_DATA_DIR: dataDir,
      DATABASE_URL: "postgresql://gp:pw@db.internal:5432/glasspane",
      GLASSPANE_SECRET_KEY: "k".repeat(32),
      GLASSPANE_SECRET_KEY_PREVIOUS: `${"o".repeat(32)}, ${"p".repeat(40)}`,
      GLASSPANE_PUBLIC_URL: "https://pane.example.com",
      GLASSPANE_TRUST_PROXY: "yes",
      LOG_LEVEL: "debug",
      GLASSPANE_BLOCK_PRIVATE_NETWORKS: "TRUE",
      GLASSPANE_METRICS_TOKEN: "scrape-me",
      GLASSPANE_WORKER: "0",
      GLASSPANE_ALLOW_MCP_COMMANDS: "on",
      GLASSPANE_INGEST_MAX_INFLIGHT_BYTES: "1048576",
    });
    expect(config).toEqual({
      port: 8080,
      host: "127.0.0.1",
      dataDir,
      databaseUrl: "postgresql://gp:pw@db.internal:5432/glasspane",
      secretKey: "k".repeat(32),
      previousSecretKeys: ["o".repeat(32), "p".repeat(40)],
      publicUrl: "https://pane.example.com",
      trustProxy: true,
      logLevel: "debug",
      blockPrivateNetworks: true,
      metricsToken: "scrape-me",
      runWorker: false,
      allowMcpCommands: true,
      ingestMaxInFlightBytes: 1048576,
    });
  });

  it("refuses an ingest budget that is not a whole number of bytes", () => {
    const error = configErrorFor({ GLASSPANE_INGEST_MAX_INFLIGHT_BYTES: "64MB" });
    expectOneClearLine(error, "GLASSPANE_INGEST_MAX_INFLIGHT_BYTES");
  });

  it("creates a missing data directory", () => {
    const dataDir = path.join(scratch, "nested", "deeper");
    expect(loadConfig({ GLASSPANE_DATA_DIR: dataDir }).dataDir).toBe(dataDir);
    expect(loadConfig({ GLASSPANE_DATA_DIR: dataDir }).dataDir).toBe(dataDir);
  });

  it("refuses a database URL of another engine, naming DATABASE_URL and what to use", () => {
    const error = configErrorFor({ DATABASE_URL: "mysql://root@localhost/glasspane" });
    expectOneClearLine(error, "DATABASE_URL");
    expect(error.message).toContain('"mysql"');
    expect(error.message).toContain("postgres://");
  });

  it("refuses a DATABASE_URL that is not a URL", () => {
    const error = configErrorFor({ DATABASE_URL: "localhost:5432/glasspane" });
    expectOneClearLine(error, "DATABASE_URL");
  });

  it("refuses a short secret key, saying how long it is and how to make one", () => {
    const error = configErrorFor({ GLASSPANE_SECRET_KEY: "too-short" });
    expectOneClearLine(error, "GLASSPANE_SECRET_KEY");
    expect(error.message).toContain("9 characters");
    expect(error.message).toContain("openssl rand -hex 32");
  });

  it("refuses a short previous secret key, naming GLASSPANE_SECRET_KEY_PREVIOUS", () => {
    const error = configErrorFor({
      GLASSPANE_SECRET_KEY: "k".repeat(32),
      GLASSPANE_SECRET_KEY_PREVIOUS: "short-old-key",
    });
    expectOneClearLine(error, "GLASSPANE_SECRET_KEY_PREVIOUS");
  });

  it("refuses a data directory that is a file", () => {
    const file = path.join(scratch, "a-file");
    writeFileSync(file, "not a directory");
    const error = configErrorFor({ GLASSPANE_DATA_DIR: file });
    expectOneClearLine(error, "GLASSPANE_DATA_DIR");
    expect(error.message).toContain(file);
  });

  it("refuses a data directory below a file", () => {
    const file = path.join(scratch, "another-file");
    writeFileSync(file, "");
    const error = configErrorFor({ GLASSPANE_DATA_DIR: path.join(file, "data") });
    expectOneClearLine(error, "GLASSPANE_DATA_DIR");
  });

  it("refuses a port out of range and a boolean it cannot read", () => {
    expectOneClearLine(configErrorFor({ PORT: "70000" }), "PORT");
    expectOneClearLine(configErrorFor({ PORT: "http" }), "PORT");
    const error = configErrorFor({ GLASSPANE_TRUST_PROXY: "maybe" });
    expectOneClearLine(error, "GLASSPANE_TRUST_PROXY");
    expect(error.message).toContain('"maybe"');
  });

  it("refuses a public URL that is not a URL", () => {
    expectOneClearLine(
      configErrorFor({ GLASSPANE_PUBLIC_URL: "pane.example.com" }),
      "GLASSPANE_PUBLIC_URL",
    );
  });
});
