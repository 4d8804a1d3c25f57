import { type LogLine, levelFromSyslogSeverity, lineTime } from "../logs/log-line.ts";
import type { IngestSource } from "./ingest-keys.service.ts";

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const FACILITIES = [
  "kern",
  "user",
  "mail",
  "daemon",
  "auth",
  "syslog",
  "lpr",
  "news",
  "uucp",
  "cron",
  "authpriv",
  "ftp",
  "ntp",
  "security",
  "console",
  "solaris-cron",
  "local0",
  "local1",
  "local2",
  "local3",
  "local4",
  "local5",
  "local6",
  "local7",
];

const RFC5424 =
  /^<(\d{1,3})>1 (\S+) (\S+) (\S+) (\S+) (\S+) (-|(?:\[(?:[^\]\\]|\\.)*\])+)(?: (.*))?$/s;
const RFC3164 = /^<(\d{1,3})>([A-Z][a-z]{2}) +(\d{1,2}) (\d{2}):(\d{2}):(\d{2}) (?:(\S+) )?(.*)$/s;
const TAG = /^([^\s:[\]]{1,48})(?:\[(\d+)\])?: ?(.*)$/s;
/** rsyslog's forwarding format: RFC 3164's layout with an RFC 3339 stamp (`<13>2026-11-28T06:20:00Z host app: msg`). */
const RFC3164_ISO =
  /^<(\d{1,3})>(\d{4}-\d{2}-\d{2}T[\d:.]+(?:Z|[+-]\d{2}:\d{2})) (?:(\S+) )?(.*)$/s;
/** The highest PRI there is: facility 23, severity 7. */
const MAX_PRI = 191;

function nil(value: string | undefined) {
  return value === undefined || value === "-" ? undefined : value;
}

/** RFC 5424 §6.3 structured data as `{ "id": { param: value } }`. */
function structuredData(sd: string): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  for (const element of sd.matchAll(/\[([^\s\]]+)((?:\s+[^=\s]+="(?:[^"\\]|\\.)*")*)\]/g)) {
    const params: Record<string, string> = {};
    for (const p of element[2]!.matchAll(/([^=\s]+)="((?:[^"\\]|\\.)*)"/g))
      params[p[1]!] = p[2]!.replace(/\\(["\\\]])/g, "$1");
    out[element[1]!] = params;
  }
  return out;
}

/**
 * RFC 3164 stamps carry neither a year nor a zone. The year is the one that puts the stamp
 * nearest to the receive time (a "Dec 31" line received on 1 January is last year's); the zone
 * is taken as UTC. A stamp that is then more than a few minutes ahead of the receive time is
 * most likely the sender's local time east of UTC (`TZ=Asia/Tokyo` is 9 h ahead): lineTime
 * stores such a line at its receive time, the safe reading for a protocol sent as it happens,
 * and keeps the stamp as sent. A sender west of UTC reads hours early, which cannot be told
 * from a line that was delayed, so that stamp is kept. Undefined for a day the month lacks.
 */
function bsdTime(month: number, day: number, h: number, m: number, s: number, now: Date) {
  let nearest: Date | undefined;
  for (const year of [now.getUTCFullYear() - 1, now.getUTCFullYear(), now.getUTCFullYear() + 1]) {
    const date = new Date(Date.UTC(year, month, day, h, m, s));
    // Feb 29 of a year without one (or Apr 31) rolls into the next month: not this year's.
    if (date.getUTCMonth() !== month) continue;
    const distance = Math.abs(date.getTime() - now.getTime());
    if (!nearest || distance < Math.abs(nearest.getTime() - now.getTime())) nearest = date;
  }
  return nearest;
}

/**
 * One syslog message (RFC 5424, else RFC 3164, else raw text) as a log line. The service is the
 * APP-NAME / TAG; facility, host and process go to attributes.
 */
export function lineFromSyslog(text: string, source: IngestSource, received: Date): LogLine {
  const message = text.replace(/[\r\n]+$/, "").replace(/^\uFEFF/, "");
  const base = {
    workspaceId: source.workspaceId,
    resourceId: source.resourceId,
    keyId: source.keyId,
  };
  /** RFC 3164's layout, whatever its stamp: `host tag[pid]: message` after the PRI and time. */
  const bsdLine = (
    pri: number,
    host: string | undefined,
    rest: string,
    time: Date | undefined,
    sent?: string,
  ) => {
    const attributes: Record<string, unknown> = {
      "syslog.facility": FACILITIES[pri >> 3] ?? pri >> 3,
    };
    if (host) attributes["host.name"] = host;
    const tag = TAG.exec(rest);
    if (tag?.[2]) attributes["process.pid"] = tag[2];
    return {
      ...base,
      time: lineTime(time, received, attributes, sent),
      service: tag?.[1] ?? source.defaultService,
      level: levelFromSyslogSeverity(pri & 7),
      message: tag ? tag[3]! : rest,
      attributes,
    };
  };
  const m5 = RFC5424.exec(message);
  if (m5 && Number(m5[1]) <= MAX_PRI) {
    const pri = Number(m5[1]);
    const attributes: Record<string, unknown> = {
      "syslog.facility": FACILITIES[pri >> 3] ?? pri >> 3,
    };
    const host = nil(m5[3]);
    if (host) attributes["host.name"] = host;
    if (nil(m5[5])) attributes["process.pid"] = m5[5];
    if (nil(m5[6])) attributes["syslog.msgid"] = m5[6];
    if (m5[7] !== "-") attributes["syslog.sd"] = structuredData(m5[7]!);
    const stamp = nil(m5[2]);
    return {
      ...base,
      time: lineTime(stamp ? new Date(stamp) : undefined, received, attributes),
      service: nil(m5[4]) ?? source.defaultService,
      level: levelFromSyslogSeverity(pri & 7),
      message: (m5[8] ?? "").replace(/^\uFEFF/, ""),
      attributes,
    };
  }
  const iso = RFC3164_ISO.exec(message);
  if (iso && Number(iso[1]) <= MAX_PRI && !Number.isNaN(Date.parse(iso[2]!)))
    return bsdLine(Number(iso[1]), iso[3], iso[4]!, new Date(iso[2]!));
  const m3 = RFC3164.exec(message);
  if (m3 && Number(m3[1]) <= MAX_PRI && MONTHS.includes(m3[2]!)) {
    const time = bsdTime(MONTHS.indexOf(m3[2]!), +m3[3]!, +m3[4]!, +m3[5]!, +m3[6]!, received);
    const sent = `${m3[2]} ${m3[3]} ${m3[4]}:${m3[5]}:${m3[6]}`;
    return bsdLine(Number(m3[1]), m3[7], m3[8]!, time, sent);
  }
  const found = /^<(\d{1,3})>/.exec(message);
  // A number past MAX_PRI is not a PRI: the text is kept whole.
  const pri = found && Number(found[1]) <= MAX_PRI ? found : null;
  return {
    ...base,
    time: received,
    service: source.defaultService,
    level: pri ? levelFromSyslogSeverity(Number(pri[1]) & 7) : "info",
    message: pri ? message.slice(pri[0].length) : message,
    attributes: {},
  };
}

/**
 * Splits a TCP syslog stream into messages (RFC 6587): octet-counted frames (`123 <34>1 …`)
 * or newline-terminated ones. Returns the messages and the unfinished rest.
 */
export function splitSyslogStream(buffer: string): { messages: string[]; rest: string } {
  const messages: string[] = [];
  let rest = buffer;
  for (;;) {
    const counted = /^(\d{1,6}) /.exec(rest);
    if (counted) {
      const length = Number(counted[1]);
      const start = counted[0].length;
      const bytes = Buffer.from(rest.slice(start), "utf8");
      if (bytes.length < length) break;
      messages.push(bytes.subarray(0, length).toString("utf8"));
      rest = bytes.subarray(length).toString("utf8").replace(/^\n/, "");
      continue;
    }
    const newline = rest.indexOf("\n");
    if (newline < 0) break;
    const line = rest.slice(0, newline).replace(/\r$/, "");
    if (line.trim()) messages.push(line);
    rest = rest.slice(newline + 1);
  }
  return { messages, rest };
}
