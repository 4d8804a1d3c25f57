/** A health check's form as text fields, and the operation input they make. */

export const CHECK_KIND_LABELS = {
  http: "HTTP(S)",
  tcp: "TCP",
  dns: "DNS",
  ping: "Ping (ICMP)",
} as const;
export type CheckKind = keyof typeof CHECK_KIND_LABELS;

export const DNS_RECORD_TYPES = ["A", "AAAA", "CNAME", "MX", "TXT", "NS"] as const;

/** Every field of the form, as typed; booleans are "true" / "false". */
export type CheckFields = Record<string, string>;

export const CHECK_DEFAULTS: CheckFields = {
  name: "",
  target: "",
  service: "",
  intervalSeconds: "60",
  timeoutSeconds: "10",
  retries: "0",
  method: "GET",
  expectedStatus: "",
  keyword: "",
  keywordMode: "present",
  maxLatencyMs: "",
  minCertificateDays: "",
  verifyTls: "true",
  followRedirects: "true",
  recordType: "A",
  expected: "",
  resolver: "",
  count: "3",
  maxLossPercent: "",
};

/** A stored check, as health.checks.list and .get return it. */
export interface StoredCheck {
  kind: CheckKind;
  name: string;
  target: string;
  service: string | null;
  intervalSeconds: number;
  timeoutMs: number;
  retries: number;
  settings: Record<string, unknown>;
}

const text = (value: unknown) => (value === undefined || value === null ? "" : String(value));
const num = (value: string) => Number(value.trim());
const optionalNum = (key: string, value: string) =>
  value.trim() === "" ? {} : { [key]: num(value) };
const optionalText = (key: string, value: string) =>
  value.trim() === "" ? {} : { [key]: value.trim() };

/** The kind's settings object from the form (empty optional fields left out). */
export function settingsOf(kind: CheckKind, f: CheckFields): Record<string, unknown> {
  const latency = optionalNum("maxLatencyMs", f.maxLatencyMs ?? "");
  switch (kind) {
    case "http": {
      const statuses = (f.expectedStatus ?? "")
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean);
      return {
        method: f.method,
        ...(statuses.length ? { expectedStatus: statuses.map(Number) } : {}),
        ...optionalText("keyword", f.keyword ?? ""),
        keywordMode: f.keywordMode,
        ...latency,
        ...optionalNum("minCertificateDays", f.minCertificateDays ?? ""),
        verifyTls: f.verifyTls === "true",
        followRedirects: f.followRedirects === "true",
      };
    }
    case "tcp":
      return latency;
    case "dns":
      return {
        recordType: f.recordType,
        ...optionalText("expected", f.expected ?? ""),
        ...optionalText("resolver", f.resolver ?? ""),
        ...latency,
      };
    case "ping":
      return {
        count: num(f.count ?? "3"),
        ...optionalNum("maxLossPercent", f.maxLossPercent ?? ""),
        ...latency,
      };
  }
}

/** What health.checks.create (with the kind) and health.checks.update take from the form. */
export function checkInput(kind: CheckKind, f: CheckFields) {
  return {
    name: f.name ?? "",
    target: f.target ?? "",
    service: (f.service ?? "").trim() === "" ? null : (f.service ?? "").trim(),
    intervalSeconds: num(f.intervalSeconds ?? ""),
    timeoutMs: Math.round(num(f.timeoutSeconds ?? "") * 1000),
    retries: num(f.retries ?? ""),
    settings: settingsOf(kind, f),
  };
}

/** The form's fields for a stored check: what checkInput turns back into the same check. */
export function fieldsOfCheck(check: StoredCheck): CheckFields {
  const s = check.settings;
  return {
    ...CHECK_DEFAULTS,
    name: check.name,
    target: check.target,
    service: text(check.service),
    intervalSeconds: String(check.intervalSeconds),
    timeoutSeconds: String(check.timeoutMs / 1000),
    retries: String(check.retries),
    ...(s.method ? { method: text(s.method) } : {}),
    expectedStatus: Array.isArray(s.expectedStatus) ? s.expectedStatus.join(", ") : "",
    keyword: text(s.keyword),
    ...(s.keywordMode ? { keywordMode: text(s.keywordMode) } : {}),
    maxLatencyMs: text(s.maxLatencyMs),
    minCertificateDays: text(s.minCertificateDays),
    verifyTls: s.verifyTls === false ? "false" : "true",
    followRedirects: s.followRedirects === false ? "false" : "true",
    ...(s.recordType ? { recordType: text(s.recordType) } : {}),
    expected: text(s.expected),
    resolver: text(s.resolver),
    ...(s.count !== undefined ? { count: text(s.count) } : {}),
    maxLossPercent: text(s.maxLossPercent),
  };
}
