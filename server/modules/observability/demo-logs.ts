import { seededRandom } from "../costs/analysis/seeded-random.ts";
import type { Level, LogLine } from "./logs/log-line.ts";

/**
 * Invented log lines for the demo's services (the names of the inventory and cost demos): a few
 * templates per service with varying values, more traffic by day than by night, and the
 * storefront's incident (DEMO_INCIDENT) as a burst of errors. Generated here, not copied.
 */

const HOUR_MS = 3_600_000;

type PickOne = <T>(items: readonly T[]) => T;
type Template = {
  level: Level;
  weight: number;
  line: (pick: PickOne, n: (lo: number, hi: number) => number) => string;
};

const PATHS = ["/", "/products", "/products/42", "/cart", "/checkout", "/api/search?q=boots"];
const IPS = ["203.0.113.7", "198.51.100.23", "192.0.2.144", "203.0.113.88"];

interface DemoLogService {
  service: string;
  hosts: readonly string[];
  /** Lines per hour at the daily peak. */
  peakPerHour: number;
  templates: readonly Template[];
}

const LOG_SERVICES: readonly DemoLogService[] = [
  {
    service: "storefront",
    hosts: ["acme-web-1", "acme-web-2"],
    peakPerHour: 36,
    templates: [
      {
        level: "info",
        weight: 12,
        line: (p, n) =>
          `GET ${p(PATHS)} 200 ${n(8, 140)}ms client=${p(IPS)} ua="Mozilla/5.0" bytes=${n(900, 48_000)}`,
      },
      {
        level: "info",
        weight: 3,
        line: (p, n) =>
          `POST /cart/items 201 ${n(20, 90)}ms client=${p(IPS)} sku=ACME-${n(100, 999)}`,
      },
      {
        level: "info",
        weight: 1,
        line: (_, n) =>
          `order ${n(10_000, 99_999)} placed total=${n(19, 480)}.00 USD items=${n(1, 6)}`,
      },
      {
        level: "warn",
        weight: 1,
        line: (_, n) => `slow query on acme-db took ${n(800, 2400)}ms: SELECT products by category`,
      },
      {
        level: "error",
        weight: 0.15,
        line: (_, n) =>
          `payment provider timeout after ${n(5000, 9000)}ms order=${n(10_000, 99_999)}`,
      },
    ],
  },
  {
    service: "globex-api",
    hosts: ["globex-api"],
    peakPerHour: 24,
    templates: [
      {
        level: "info",
        weight: 10,
        line: (p, n) =>
          `request handled method=${p(["GET", "POST"])} route=/v1/${p(["shipments", "rates", "tracking"])} status=200 duration_ms=${n(4, 60)}`,
      },
      {
        level: "debug",
        weight: 3,
        line: (_, n) => `cache hit ratio=${n(82, 99)}% keys=${n(1200, 4000)}`,
      },
      {
        level: "warn",
        weight: 1,
        line: (_, n) => `retrying warehouse export attempt=${n(2, 4)} backoff_ms=${n(200, 1600)}`,
      },
      {
        level: "error",
        weight: 0.2,
        line: (_, n) => `upstream carrier API returned 502 for shipment ${n(100_000, 999_999)}`,
      },
    ],
  },
  {
    service: "globex-etl",
    hosts: [],
    peakPerHour: 8,
    templates: [
      {
        level: "info",
        weight: 4,
        line: (_, n) =>
          `batch ${n(1000, 9999)} loaded rows=${n(2000, 90_000)} into globex-warehouse`,
      },
      {
        level: "info",
        weight: 2,
        line: (_, n) =>
          `REPORT Duration: ${n(900, 14_000)} ms Billed Duration: ${n(1000, 15_000)} ms`,
      },
      {
        level: "warn",
        weight: 0.5,
        line: (_, n) => `skipped ${n(1, 40)} malformed records in feed partner-${n(1, 9)}`,
      },
    ],
  },
  {
    service: "initech-portal",
    hosts: ["initech-app"],
    peakPerHour: 14,
    templates: [
      {
        level: "info",
        weight: 8,
        line: (p, n) =>
          `user session started tenant=${p(["hr", "finance", "ops"])} sso=azuread id=${n(1000, 9999)}`,
      },
      {
        level: "info",
        weight: 5,
        line: (_, n) => `report TPS-${n(100, 999)} rendered in ${n(120, 900)}ms`,
      },
      {
        level: "warn",
        weight: 1,
        line: (_, n) => `initech-sql connection pool at ${n(70, 90)}% (${n(14, 18)}/20)`,
      },
      {
        level: "error",
        weight: 0.1,
        line: (_, n) => `failed to send notification email to user ${n(1000, 9999)}: SMTP 451`,
      },
    ],
  },
];

/** The storefront's bad half hour: acme-web-2 stalls on acme-db connections. */
export const DEMO_INCIDENT = { hoursAgo: 30, minutes: 40, host: "acme-web-2" } as const;

const INCIDENT_TEMPLATES: readonly Template[] = [
  {
    level: "error",
    weight: 3,
    line: (_, n) =>
      `upstream timed out (110) while reading response from acme-db after ${n(5000, 9000)}ms`,
  },
  {
    level: "error",
    weight: 2,
    line: (_, n) => `connection pool exhausted: 40/40 in use, ${n(12, 80)} waiting`,
  },
  {
    level: "warn",
    weight: 2,
    line: (p, n) =>
      `GET ${p(PATHS)} 504 ${n(9000, 12_000)}ms client=${p(IPS)} ua="Mozilla/5.0" bytes=0`,
  },
];

/** The template that appears only in the last hour: the patterns page shows it as new. */
const NEW_PATTERN: Template = {
  level: "warn",
  weight: 1,
  line: (_, n) =>
    `partner key pk_live_${n(1000, 9999)} rate limited by carrier API (429), retry after ${n(10, 60)}s`,
};
const NEW_PATTERN_SERVICE = "globex-api";

/** Daily seasonality: quiet at night (UTC), busy mid-afternoon. */
export function dailyLoad(time: number): number {
  const hour = (time % 86_400_000) / HOUR_MS;
  return 0.55 + 0.45 * Math.sin(((hour - 9) / 24) * 2 * Math.PI);
}

function choose(random: () => number, templates: readonly Template[]): Template {
  const total = templates.reduce((sum, t) => sum + t.weight, 0);
  let at = random() * total;
  for (const t of templates) {
    at -= t.weight;
    if (at <= 0) return t;
  }
  return templates[templates.length - 1]!;
}

/**
 * The demo's lines from `from` to `to` (times relative to `now`), in time order. Lines of the
 * last hour before `now` include the new template: the miner must have seen the older lines
 * first for it to count as new.
 */
export function demoLogLines(
  workspaceId: string,
  now: number,
  from: number,
  to: number,
): LogLine[] {
  const random = seededRandom(from % 2_147_483_647);
  const pick: PickOne = (items) => items[Math.floor(random() * items.length)]!;
  const n = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
  const incidentStart = now - DEMO_INCIDENT.hoursAgo * HOUR_MS;
  const incidentEnd = incidentStart + DEMO_INCIDENT.minutes * 60_000;
  const lines: LogLine[] = [];
  const add = (time: number, service: string, host: string | undefined, t: Template) =>
    lines.push({
      workspaceId,
      time: new Date(time),
      service,
      level: t.level,
      message: t.line(pick, n),
      attributes: host ? { host } : {},
      resourceId: null,
      keyId: null,
    });
  for (const s of LOG_SERVICES) {
    // Every template once near the start, rare ones included: the miner's baseline then knows
    // them all, and only the new template is new.
    for (const t of s.templates)
      add(from + Math.floor(random() * Math.min(HOUR_MS, to - from)), s.service, s.hosts[0], t);
    for (let hour = from; hour < to; hour += HOUR_MS) {
      const count = Math.round(s.peakPerHour * dailyLoad(hour));
      for (let i = 0; i < count; i++) {
        const time = hour + Math.floor(random() * HOUR_MS);
        if (time >= to) continue;
        add(
          time,
          s.service,
          s.hosts.length ? pick(s.hosts) : undefined,
          choose(random, s.templates),
        );
      }
    }
  }
  const incident = LOG_SERVICES[0]!;
  for (let time = Math.max(from, incidentStart); time < Math.min(to, incidentEnd); time += 20_000)
    add(time, incident.service, DEMO_INCIDENT.host, choose(random, INCIDENT_TEMPLATES));
  for (let time = Math.max(from, now - HOUR_MS + 90_000); time < to; time += 4 * 60_000)
    add(time, NEW_PATTERN_SERVICE, "globex-api", NEW_PATTERN);
  return lines.sort((a, b) => a.time.getTime() - b.time.getTime());
}
