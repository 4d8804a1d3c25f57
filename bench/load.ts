import { readFileSync } from "node:fs";
import autocannon, { type Options, type Result } from "autocannon";

export interface ApiRequest {
  method: "GET" | "POST";
  path: string;
  headers: Record<string, string>;
  body?: string;
}

/** An authenticated read: POST with a JSON body, or GET with the input in ?input=. */
export function operationRequest(op: string, token: string, method: "GET" | "POST"): ApiRequest {
  const headers = { authorization: `Bearer ${token}` };
  if (method === "GET")
    return { method, path: `/api/${op}?input=${encodeURIComponent("{}")}`, headers };
  return {
    method,
    path: `/api/${op}`,
    headers: { ...headers, "content-type": "application/json" },
    body: "{}",
  };
}

export async function send(
  baseUrl: string,
  request: ApiRequest,
): Promise<{ status: number; body: string }> {
  const response = await fetch(baseUrl + request.path, {
    method: request.method,
    headers: request.headers,
    body: request.body,
  });
  return { status: response.status, body: await response.text() };
}

/** First-run setup on an empty instance; returns an owner API token. */
export async function setupToken(baseUrl: string): Promise<string> {
  const { status, body } = await send(baseUrl, {
    method: "POST",
    path: "/api/setup.create",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      email: "bench@example.com",
      password: "violet orbit ledger 7731",
      workspaceName: "Bench",
      issueToken: true,
    }),
  });
  if (status !== 200) throw new Error(`setup.create answered ${status}: ${body}`);
  return (JSON.parse(body) as { token: string }).token;
}

export interface LoadOptions {
  connections: number;
  warmupSeconds: number;
  durationSeconds: number;
}

export interface Measurement {
  requestsPerSecond: number;
  /** autocannon records whole milliseconds, and only for 2xx responses. */
  p50: number;
  p97_5: number;
  p99: number;
  total: number;
  errors: number;
  non2xx: number;
  /**
   * The server process's CPU time (user + system, all its threads) per answered request during
   * the measured window, in µs: unlike req/s it hardly moves with the load other processes put
   * on the machine. Undefined where /proc cannot be read.
   */
  serverCpuMicros?: number;
}

/** CPU seconds (user + system) a process has used, from /proc/<pid>/stat; undefined off Linux. */
export function processCpuSeconds(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name (which may hold spaces) start at ") ": utime and stime are
    // the 14th and 15th fields of the line, the 12th and 13th after it.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return undefined;
  }
}
/** USER_HZ: 100 on every Linux that Node runs on. */
const CLOCK_TICKS = 100;

function run(options: Options): Promise<Result> {
  return new Promise((resolve, reject) => {
    autocannon(options, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

export async function measure(
  baseUrl: string,
  request: ApiRequest,
  load: LoadOptions,
  serverPid?: number,
): Promise<Measurement> {
  const options: Options = {
    url: baseUrl + request.path,
    method: request.method,
    headers: request.headers,
    body: request.body,
    connections: load.connections,
  };
  // Warm-up lets V8 optimise the hot path and fills connection pools before anything counts.
  if (load.warmupSeconds > 0) await run({ ...options, duration: load.warmupSeconds });
  const cpuBefore = serverPid === undefined ? undefined : processCpuSeconds(serverPid);
  const result = await run({ ...options, duration: load.durationSeconds });
  const cpuAfter = serverPid === undefined ? undefined : processCpuSeconds(serverPid);
  const answered = result.requests.total;
  return {
    serverCpuMicros:
      cpuBefore !== undefined && cpuAfter !== undefined && answered > 0
        ? ((cpuAfter - cpuBefore) * 1e6) / answered
        : undefined,
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p97_5: result.latency.p97_5,
    p99: result.latency.p99,
    total: result.requests.total,
    errors: result.errors,
    non2xx: result.non2xx,
  };
}
