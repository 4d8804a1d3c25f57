import { z } from "zod";
import { zId, zTimestamp } from "../../../platform/operations/zod.ts";

/** Settings and views of health checks, shared by the operations, the runner and the pages. */

const zMaxLatency = z
  .number()
  .int()
  .min(1)
  .max(120_000)
  .optional()
  .describe("A run slower than this many milliseconds counts as down");

export const ZHttpSettings = z.strictObject({
  method: z.enum(["GET", "HEAD"]).default("GET"),
  expectedStatus: z
    .array(z.number().int().min(100).max(599))
    .min(1)
    .max(20)
    .optional()
    .describe("Statuses that count as up; by default any 2xx or 3xx"),
  keyword: z.string().min(1).max(200).optional().describe("Text looked for in the body"),
  keywordMode: z.enum(["present", "absent"]).default("present"),
  maxLatencyMs: zMaxLatency,
  verifyTls: z.boolean().default(true).describe("Refuse certificates that do not verify"),
  minCertificateDays: z
    .number()
    .int()
    .min(0)
    .max(825)
    .optional()
    .describe("Down when the TLS certificate expires in fewer days than this"),
  followRedirects: z.boolean().default(true),
});
export type HttpSettings = z.output<typeof ZHttpSettings>;

export const ZTcpSettings = z.strictObject({ maxLatencyMs: zMaxLatency });
export type TcpSettings = z.output<typeof ZTcpSettings>;

export const DNS_RECORD_TYPES = ["A", "AAAA", "CNAME", "MX", "TXT", "NS"] as const;
export const ZDnsSettings = z.strictObject({
  recordType: z.enum(DNS_RECORD_TYPES).default("A"),
  expected: z
    .string()
    .trim()
    .min(1)
    .max(300)
    .optional()
    .describe("An answer that must be among the records (MX: the exchange host)"),
  resolver: z
    .string()
    .trim()
    .min(1)
    .max(260)
    .optional()
    .describe("Name server as host or host:port; the system's resolvers by default"),
  maxLatencyMs: zMaxLatency,
});
export type DnsSettings = z.output<typeof ZDnsSettings>;

export const ZPingSettings = z.strictObject({
  count: z.number().int().min(1).max(10).default(3).describe("Echo requests sent per run"),
  maxLossPercent: z
    .number()
    .min(0)
    .max(99)
    .optional()
    .describe("Down when more of the requests go unanswered; by default one reply is enough"),
  maxLatencyMs: zMaxLatency,
});
export type PingSettings = z.output<typeof ZPingSettings>;

export const CHECK_KINDS = ["http", "tcp", "dns", "ping"] as const;
export type CheckKind = (typeof CHECK_KINDS)[number];

/** The longest timeout an attempt may have, and the most retries a run may make. */
export const MAX_TIMEOUT_MS = 60_000;
export const MAX_RETRIES = 5;

const common = {
  name: z.string().trim().min(1).max(120),
  service: z.string().trim().min(1).max(120).nullable().optional(),
  intervalSeconds: z.number().int().min(10).max(86_400).default(60),
  timeoutMs: z.number().int().min(100).max(MAX_TIMEOUT_MS).default(10_000),
  retries: z.number().int().min(0).max(MAX_RETRIES).default(0),
  isEnabled: z.boolean().default(true),
};

/** One strict object (mutations take one); settings are checked against the kind's schema. */
export const ZCheckCreate = z.strictObject({
  ...common,
  kind: z.enum(CHECK_KINDS),
  target: z
    .string()
    .trim()
    .min(1)
    .max(2000)
    .describe("http(s) URL; host:port for tcp; a host name for dns; a host name or IP for ping"),
  settings: z
    .record(z.string(), z.unknown())
    .default({})
    .describe(
      "http: ZHttpSettings, tcp: { maxLatencyMs }, dns: { recordType, expected, resolver }, ping: { count, maxLossPercent, maxLatencyMs }",
    ),
});
export type CheckCreate = z.output<typeof ZCheckCreate>;

export const CHECK_STATUSES = ["unknown", "up", "down"] as const;

export const ZCheck = z.object({
  id: zId,
  name: z.string(),
  kind: z.enum(CHECK_KINDS),
  target: z.string(),
  settings: z.record(z.string(), z.unknown()),
  service: z.string().nullable(),
  intervalSeconds: z.number(),
  timeoutMs: z.number(),
  retries: z.number(),
  isEnabled: z.boolean(),
  status: z.enum(CHECK_STATUSES),
  statusSince: zTimestamp.nullable(),
  lastCheckedAt: zTimestamp.nullable(),
  lastLatencyMs: z.number().nullable(),
  lastError: z.string().nullable(),
  createdAt: zTimestamp,
});

export const ZResult = z.object({
  at: zTimestamp,
  isUp: z.boolean(),
  latencyMs: z.number().nullable(),
  statusCode: z.number().nullable(),
  error: z.string().nullable(),
  certificateDays: z.number().nullable(),
});
