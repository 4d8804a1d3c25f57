import { accessSync, constants, mkdirSync, statSync } from "node:fs";
import path from "node:path";
import { ConfigError } from "./errors.ts";

export interface Config {
  port: number;
  host: string;
  /** Where PGlite, the lock file and the generated secret key live. */
  dataDir: string;
  /** postgres:// URL; when absent the embedded PGlite database is used. */
  databaseUrl: string | undefined;
  /** Raw secret key material from GLASSPANE_SECRET_KEY, validated for length. */
  secretKey: string | undefined;
  /** Earlier keys, still accepted for decryption until `glasspane secrets rotate-key` runs. */
  previousSecretKeys: string[];
  /** Public base URL, used for invite links and to decide on Secure cookies. */
  publicUrl: string | undefined;
  trustProxy: boolean;
  logLevel: string;
  blockPrivateNetworks: boolean;
  /** Bearer token required by /metrics when set. */
  metricsToken: string | undefined;
  /** Run the job worker in this process. */
  runWorker: boolean;
  /**
   * Whether admins may add MCP servers run as commands on this host. Off by default: a command
   * chosen in the web UI runs with the server's own rights, so the operator opts in.
   */
  allowMcpCommands: boolean;
  /**
   * Bytes of ingest request bodies this process holds at once (read, decoded or being written);
   * beyond it HTTP senders get 429 with Retry-After. Bounds ingest memory under overload.
   */
  ingestMaxInFlightBytes: number;
}

type Env = Record<string, string | undefined>;

function parseBool(name: string, value: string | undefined, fallback: boolean): boolean {
  if (value === undefined || value === "") return fallback;
  if (/^(1|true|yes|on)$/i.test(value)) return true;
  if (/^(0|false|no|off)$/i.test(value)) return false;
  throw new ConfigError(`${name} must be true or false, got "${value}"`);
}

function parsePort(value: string | undefined): number {
  if (value === undefined || value === "") return 4000;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError(`PORT must be a number between 0 and 65535, got "${value}"`);
  }
  return port;
}

function parseDatabaseUrl(value: string | undefined): string | undefined {
  if (value === undefined || value === "") return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(
      "DATABASE_URL is not a valid URL (expected postgres://user:pass@host/db)",
    );
  }
  if (url.protocol !== "postgres:" && url.protocol !== "postgresql:") {
    throw new ConfigError(
      `DATABASE_URL scheme "${url.protocol.replace(/:$/, "")}" is not supported: use postgres:// (PostgreSQL 15+), or unset it to use the embedded database`,
    );
  }
  return value;
}

/** Default in-flight ingest budget: decoded bodies take a few times their size in memory. */
export const DEFAULT_INGEST_MAX_IN_FLIGHT_BYTES = 32 * 1024 * 1024;

function parseBytes(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value === "") return fallback;
  const bytes = Number(value);
  if (!Number.isInteger(bytes) || bytes < 1024) {
    throw new ConfigError(`${name} must be a whole number of bytes, at least 1024, got "${value}"`);
  }
  return bytes;
}

function parseSecretKey(
  value: string | undefined,
  name = "GLASSPANE_SECRET_KEY",
): string | undefined {
  if (value === undefined || value === "") return undefined;
  if (value.length < 32) {
    throw new ConfigError(
      `${name} is too short (${value.length} characters): use at least 32, e.g. the output of "openssl rand -hex 32"`,
    );
  }
  return value;
}

function ensureDataDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    if (!statSync(dir).isDirectory()) throw new Error("not a directory");
    accessSync(dir, constants.R_OK | constants.W_OK);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ConfigError(
      `GLASSPANE_DATA_DIR "${dir}" cannot be used (${reason}): point it at a directory this user can read and write`,
    );
  }
}

/** Reads and checks the environment; throws ConfigError with one actionable line. */
export function loadConfig(
  env: Env = process.env,
  options: { createDataDir?: boolean } = {},
): Config {
  const publicUrl = env.GLASSPANE_PUBLIC_URL || undefined;
  if (publicUrl) {
    try {
      new URL(publicUrl);
    } catch {
      throw new ConfigError(`GLASSPANE_PUBLIC_URL is not a valid URL: "${publicUrl}"`);
    }
  }
  const config: Config = {
    port: parsePort(env.PORT),
    host: env.HOST || "0.0.0.0",
    dataDir: path.resolve(env.GLASSPANE_DATA_DIR || "data"),
    databaseUrl: parseDatabaseUrl(env.DATABASE_URL),
    secretKey: parseSecretKey(env.GLASSPANE_SECRET_KEY),
    previousSecretKeys: (env.GLASSPANE_SECRET_KEY_PREVIOUS ?? "")
      .split(",")
      .map((k) => k.trim())
      .filter(Boolean)
      .map((k) => parseSecretKey(k, "GLASSPANE_SECRET_KEY_PREVIOUS")!),
    publicUrl,
    trustProxy: parseBool("GLASSPANE_TRUST_PROXY", env.GLASSPANE_TRUST_PROXY, false),
    logLevel: env.LOG_LEVEL || "info",
    blockPrivateNetworks: parseBool(
      "GLASSPANE_BLOCK_PRIVATE_NETWORKS",
      env.GLASSPANE_BLOCK_PRIVATE_NETWORKS,
      false,
    ),
    metricsToken: env.GLASSPANE_METRICS_TOKEN || undefined,
    runWorker: parseBool("GLASSPANE_WORKER", env.GLASSPANE_WORKER, true),
    allowMcpCommands: parseBool(
      "GLASSPANE_ALLOW_MCP_COMMANDS",
      env.GLASSPANE_ALLOW_MCP_COMMANDS,
      false,
    ),
    ingestMaxInFlightBytes: parseBytes(
      "GLASSPANE_INGEST_MAX_INFLIGHT_BYTES",
      env.GLASSPANE_INGEST_MAX_INFLIGHT_BYTES,
      DEFAULT_INGEST_MAX_IN_FLIGHT_BYTES,
    ),
  };
  if (options.createDataDir !== false) ensureDataDir(config.dataDir);
  return config;
}
