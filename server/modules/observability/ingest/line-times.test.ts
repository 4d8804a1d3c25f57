import { describe, expect, it } from "vitest";
import { SENT_TIME_ATTRIBUTE } from "../logs/log-line.ts";
import type { IngestSource } from "./ingest-keys.service.ts";
import { linesFromLokiPush } from "./loki-json.ts";
import { linesFromOtlpLogs } from "./otlp-logs.ts";
import { linesFromPlainJson } from "./plain-json.ts";
import { lineFromSyslog } from "./syslog-parse.ts";

const source: IngestSource = {
  keyId: "k",
  workspaceId: "w",
  defaultService: "svc",
  resourceId: null,
};
const received = new Date("2026-11-28T06:00:00.000Z");
const ns = (iso: string) => `${Date.parse(iso)}000000`;

describe("a line's time ahead of its receive time", () => {
  it("is kept up to 10 minutes ahead (clock drift), with no sent time recorded", () => {
    const [line] = linesFromPlainJson(
      { message: "m", time: "2026-11-28T06:09:00Z" },
      source,
      received,
    );
    expect(line!.time.toISOString()).toBe("2026-11-28T06:09:00.000Z");
    expect(line!.attributes).not.toHaveProperty(SENT_TIME_ATTRIBUTE);
  });

  it("is replaced by the receive time beyond that, from every source, the sent time kept", () => {
    const future = "2030-01-01T00:00:00.000Z";
    const json = linesFromPlainJson({ message: "m", time: future }, source, received);
    const loki = linesFromLokiPush(
      { streams: [{ stream: { app: "a" }, values: [[ns(future), "m"]] }] },
      source,
      received,
    );
    const otlp = linesFromOtlpLogs(
      {
        resourceLogs: [{ scopeLogs: [{ logRecords: [{ timeUnixNano: ns(future), body: "m" }] }] }],
      },
      source,
      received,
    );
    const syslog5424 = lineFromSyslog(`<14>1 ${future} h app - - - m`, source, received);
    const rsyslog = lineFromSyslog(`<14>${future} h app: m`, source, received);
    for (const line of [...json, ...loki, ...otlp, syslog5424, rsyslog]) {
      expect(line.time).toEqual(received);
      expect(line.attributes[SENT_TIME_ATTRIBUTE]).toBe(future);
    }
  });
});

describe("RFC 3164 stamps (no year, no zone)", () => {
  const bsd = (stamp: string, at = received) =>
    lineFromSyslog(`<14>${stamp} host app: message`, source, at);

  it("are read as UTC when that is not ahead of the receive time", () => {
    expect(bsd("Nov 28 05:59:58").time.toISOString()).toBe("2026-11-28T05:59:58.000Z");
    // West of UTC reads early, as a delayed line would: kept.
    expect(bsd("Nov 28 01:00:00").time.toISOString()).toBe("2026-11-28T01:00:00.000Z");
  });

  it("a sender's local time east of UTC (hours ahead) is stored at the receive time", () => {
    // logger in Asia/Tokyo at 06:00 UTC writes 15:00.
    const line = bsd("Nov 28 15:00:00");
    expect(line.time).toEqual(received);
    expect(line.attributes[SENT_TIME_ATTRIBUTE]).toBe("Nov 28 15:00:00");
  });

  it("take the year nearest the receive time, on either side of New Year", () => {
    const newYear = new Date("2027-01-01T00:05:00Z");
    expect(bsd("Dec 31 23:59:00", newYear).time.toISOString()).toBe("2026-12-31T23:59:00.000Z");
    // Tokyo's 09:05 on 1 January, received at 00:05 UTC: ahead, not last January.
    const tokyo = bsd("Jan  1 09:05:00", newYear);
    expect(tokyo.time).toEqual(newYear);
    const newYearsEve = new Date("2026-12-31T20:00:00Z");
    expect(bsd("Jan  1 05:00:00", newYearsEve).time).toEqual(newYearsEve);
  });

  it("a day the month lacks this year (Feb 29 in 2026) gives the receive time", () => {
    expect(bsd("Feb 29 05:00:00", new Date("2026-03-01T06:00:00Z")).time.toISOString()).toBe(
      "2026-03-01T06:00:00.000Z",
    );
  });
});
