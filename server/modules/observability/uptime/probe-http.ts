import { createOutboundHttp, OutboundError } from "../../../platform/http/outbound.ts";
import type { HttpSettings } from "./checks.zod.ts";
import { type ProbeOutcome, refusedMessage } from "./probe.ts";
import { isAddressRefused, type TargetPolicy } from "./target-policy.ts";

const DAY_MS = 86_400_000;
/** Bodies are read for keywords up to this size; larger pages fail rather than fill memory. */
const MAX_BODY_BYTES = 2 * 1024 * 1024;

const isExpected = (status: number, expected: number[] | undefined) =>
  expected ? expected.includes(status) : status >= 200 && status < 400;

/** One HTTP(S) request through the outbound client, judged against the check's settings. */
export async function probeHttp(
  target: string,
  settings: HttpSettings,
  timeoutMs: number,
  policy: TargetPolicy,
  now: () => number = Date.now,
): Promise<ProbeOutcome> {
  const outbound = createOutboundHttp({
    blockPrivateNetworks: policy.instanceBlocksPrivate,
    refuseAddress: isAddressRefused(policy),
  });
  const started = performance.now();
  try {
    const response = await outbound.request(target, {
      method: settings.method,
      timeoutMs,
      maxRedirects: settings.followRedirects ? 5 : 0,
      maxResponseBytes: MAX_BODY_BYTES,
      rejectUnauthorized: settings.verifyTls,
      headers: { accept: "text/html,application/json;q=0.9,*/*;q=0.8" },
    });
    const latencyMs = Math.round(performance.now() - started);
    const certificateDays = response.certificate
      ? Math.floor((response.certificate.validTo.getTime() - now()) / DAY_MS)
      : null;
    const base = { latencyMs, statusCode: response.status, certificateDays };
    // An answer later than the timeout is a timeout, even if a busy event loop let it in first.
    if (latencyMs > timeoutMs)
      return { ...base, isUp: false, error: `No answer within ${timeoutMs} ms (${latencyMs} ms)` };
    if (certificateDays !== null && certificateDays < 0)
      return {
        ...base,
        isUp: false,
        error: `The TLS certificate expired ${-certificateDays} day${certificateDays === -1 ? "" : "s"} ago`,
      };
    if (!isExpected(response.status, settings.expectedStatus))
      return { ...base, isUp: false, error: `HTTP ${response.status} is not an expected status` };
    if (settings.keyword) {
      const found = response.body.toString("utf8").includes(settings.keyword);
      if (settings.keywordMode === "present" && !found)
        return { ...base, isUp: false, error: `"${settings.keyword}" is not in the response` };
      if (settings.keywordMode === "absent" && found)
        return { ...base, isUp: false, error: `"${settings.keyword}" is in the response` };
    }
    if (settings.maxLatencyMs !== undefined && latencyMs > settings.maxLatencyMs)
      return {
        ...base,
        isUp: false,
        error: `${latencyMs} ms is slower than ${settings.maxLatencyMs} ms`,
      };
    if (
      settings.minCertificateDays !== undefined &&
      certificateDays !== null &&
      certificateDays < settings.minCertificateDays
    )
      return {
        ...base,
        isUp: false,
        error: `The TLS certificate expires in ${certificateDays} days (fewer than ${settings.minCertificateDays})`,
      };
    return { ...base, isUp: true, error: null };
  } catch (error) {
    const latencyMs = Math.round(performance.now() - started);
    if (error instanceof OutboundError && error.code === "blocked_address")
      return failed(latencyMs, refusedMessage(error.message, policy));
    const message = error instanceof Error ? error.message : String(error);
    return failed(latencyMs, message);
  }
}

const failed = (latencyMs: number, error: string): ProbeOutcome => ({
  isUp: false,
  latencyMs,
  statusCode: null,
  certificateDays: null,
  error,
});
