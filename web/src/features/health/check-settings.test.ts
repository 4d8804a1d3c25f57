import { describe, expect, it } from "vitest";
import {
  ZCheckCreate,
  ZDnsSettings,
  ZHttpSettings,
  ZPingSettings,
  ZTcpSettings,
} from "../../../../server/modules/observability/uptime/checks.zod.ts";
import {
  CHECK_DEFAULTS,
  type CheckFields,
  type CheckKind,
  checkInput,
  fieldsOfCheck,
} from "./check-settings.ts";

const SCHEMAS = { http: ZHttpSettings, tcp: ZTcpSettings, dns: ZDnsSettings, ping: ZPingSettings };

/** The check the server stores from the form: the create input parsed, settings by its kind. */
function stored(kind: CheckKind, fields: CheckFields) {
  const input = ZCheckCreate.parse({ kind, ...checkInput(kind, { ...CHECK_DEFAULTS, ...fields }) });
  return {
    ...input,
    service: input.service ?? null,
    settings: SCHEMAS[kind].parse(input.settings),
  };
}

// One check of each kind with every field the form shows set away from its default.
const CHECKS: Array<[CheckKind, CheckFields]> = [
  [
    "http",
    {
      name: "Shop",
      target: "https://shop.example/health",
      service: "storefront",
      intervalSeconds: "30",
      timeoutSeconds: "2.5",
      retries: "2",
      method: "HEAD",
      expectedStatus: "200, 204",
      keyword: "maintenance",
      keywordMode: "absent",
      maxLatencyMs: "800",
      minCertificateDays: "14",
      verifyTls: "false",
      followRedirects: "false",
    },
  ],
  ["tcp", { name: "Postgres", target: "db.example:5432", maxLatencyMs: "50" }],
  [
    "dns",
    {
      name: "Mail",
      target: "example.com",
      recordType: "MX",
      expected: "mx1.example.com",
      resolver: "1.1.1.1:53",
    },
  ],
  ["ping", { name: "Gateway", target: "192.0.2.1", count: "5", maxLossPercent: "20" }],
];

describe("check settings", () => {
  it.each(CHECKS)(
    "give back the fields of a stored %s check, unchanged when saved again",
    (kind, fields) => {
      const check = stored(kind, fields);
      expect(stored(kind, fieldsOfCheck({ ...check, kind }))).toEqual(check);
      for (const [name, value] of Object.entries(fields))
        expect(fieldsOfCheck({ ...check, kind })[name]).toBe(value);
    },
  );

  it("leave empty optional fields out, so the server's defaults apply", () => {
    const check = stored("http", { name: "Site", target: "https://example.com/" });
    expect(check).toMatchObject({
      service: null,
      intervalSeconds: 60,
      timeoutMs: 10_000,
      retries: 0,
    });
    expect(check.settings).toEqual({
      method: "GET",
      keywordMode: "present",
      verifyTls: true,
      followRedirects: true,
    });
  });
});
