import { describe, expect, it } from "vitest";
import {
  canonicalTimeZone,
  localDayOf,
  localInstant,
  localMidnight,
  localTimeOf,
  offsetAt,
  todayIn,
} from "./time-zone.ts";

const at = (iso: string) => new Date(iso);
const HOUR = 3_600_000;

describe("localDayOf", () => {
  it("puts 23:30 UTC on the next day in Tokyo and the same day in UTC", () => {
    expect(localDayOf(at("2026-03-02T23:30:00Z"), "Asia/Tokyo")).toBe("2026-03-03");
    expect(localDayOf(at("2026-03-02T23:30:00Z"), "UTC")).toBe("2026-03-02");
  });

  it("puts an early UTC morning on the previous day in Los Angeles", () => {
    expect(localDayOf(at("2026-03-03T07:59:59Z"), "America/Los_Angeles")).toBe("2026-03-02");
    expect(localDayOf(at("2026-03-03T08:00:00Z"), "America/Los_Angeles")).toBe("2026-03-03");
  });

  it("handles zones at +13 and −11", () => {
    // Pacific/Tongatapu is UTC+13 all year; Pacific/Pago_Pago is UTC−11.
    expect(localDayOf(at("2026-06-30T11:00:00Z"), "Pacific/Tongatapu")).toBe("2026-07-01");
    expect(localDayOf(at("2026-06-30T10:59:59Z"), "Pacific/Tongatapu")).toBe("2026-06-30");
    expect(localDayOf(at("2026-07-01T10:59:59Z"), "Pacific/Pago_Pago")).toBe("2026-06-30");
    expect(localDayOf(at("2026-07-01T11:00:00Z"), "Pacific/Pago_Pago")).toBe("2026-07-01");
  });

  it("gives today's date in the zone", () => {
    expect(todayIn("Asia/Tokyo", at("2026-11-26T15:00:00Z"))).toBe("2026-11-27");
    expect(todayIn("America/Los_Angeles", at("2026-11-27T07:00:00Z"))).toBe("2026-11-26");
  });
});

describe("localMidnight", () => {
  it("is UTC midnight in UTC and the previous UTC afternoon in Tokyo", () => {
    expect(localMidnight("2026-03-03", "UTC").toISOString()).toBe("2026-03-03T00:00:00.000Z");
    expect(localMidnight("2026-03-03", "Asia/Tokyo").toISOString()).toBe(
      "2026-03-02T15:00:00.000Z",
    );
  });

  it("follows Europe/Berlin across both DST changes (days of 23 and 25 hours)", () => {
    // Clocks go forward at 02:00 on 29 March 2026 and back at 03:00 on 25 October 2026.
    expect(localMidnight("2026-03-29", "Europe/Berlin").toISOString()).toBe(
      "2026-03-28T23:00:00.000Z",
    );
    expect(localMidnight("2026-03-30", "Europe/Berlin").toISOString()).toBe(
      "2026-03-29T22:00:00.000Z",
    );
    const spring =
      localMidnight("2026-03-30", "Europe/Berlin").getTime() -
      localMidnight("2026-03-29", "Europe/Berlin").getTime();
    expect(spring).toBe(23 * HOUR);
    const autumn =
      localMidnight("2026-10-26", "Europe/Berlin").getTime() -
      localMidnight("2026-10-25", "Europe/Berlin").getTime();
    expect(autumn).toBe(25 * HOUR);
  });

  it("follows America/Los_Angeles across both DST changes", () => {
    // Forward on 8 March 2026, back on 1 November 2026, both at 02:00 local.
    expect(localMidnight("2026-03-08", "America/Los_Angeles").toISOString()).toBe(
      "2026-03-08T08:00:00.000Z",
    );
    expect(localMidnight("2026-03-09", "America/Los_Angeles").toISOString()).toBe(
      "2026-03-09T07:00:00.000Z",
    );
    expect(localMidnight("2026-11-01", "America/Los_Angeles").toISOString()).toBe(
      "2026-11-01T07:00:00.000Z",
    );
    expect(localMidnight("2026-11-02", "America/Los_Angeles").toISOString()).toBe(
      "2026-11-02T08:00:00.000Z",
    );
  });

  it("starts a day whose midnight is skipped at the jump (America/Santiago)", () => {
    // Chile moved clocks from 00:00 to 01:00 on 8 September 2024: the day began at 04:00 UTC.
    const start = localMidnight("2024-09-08", "America/Santiago");
    expect(start.toISOString()).toBe("2024-09-08T04:00:00.000Z");
    expect(localDayOf(start, "America/Santiago")).toBe("2024-09-08");
    expect(localDayOf(start.getTime() - 1, "America/Santiago")).toBe("2024-09-07");
  });

  it("handles +13 and −11 zones", () => {
    expect(localMidnight("2026-07-01", "Pacific/Tongatapu").toISOString()).toBe(
      "2026-06-30T11:00:00.000Z",
    );
    expect(localMidnight("2026-07-01", "Pacific/Pago_Pago").toISOString()).toBe(
      "2026-07-01T11:00:00.000Z",
    );
  });

  it("round-trips with localDayOf for every day of a year in several zones", () => {
    const zones = ["Europe/Berlin", "America/Los_Angeles", "Pacific/Apia", "Australia/Sydney"];
    for (const zone of zones) {
      let day = "2026-01-01";
      while (day < "2027-01-01") {
        const start = localMidnight(day, zone);
        expect(localDayOf(start, zone)).toBe(day);
        expect(localDayOf(start.getTime() - 1, zone) < day).toBe(true);
        day = new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
      }
    }
  });
});

describe("localInstant", () => {
  it("reads a wall time in the zone and back", () => {
    const start = localInstant("2026-03-04", "08:30", "Asia/Tokyo");
    expect(start.toISOString()).toBe("2026-03-03T23:30:00.000Z");
    expect(localTimeOf(start, "Asia/Tokyo")).toBe("08:30");
    expect(localTimeOf(start, "UTC")).toBe("23:30");
  });

  it("moves a time skipped by DST past the jump, and takes the first of a repeated one", () => {
    // Berlin skips 02:00–03:00 on 29 March 2026 and repeats 02:00–03:00 on 25 October 2026.
    const skipped = localInstant("2026-03-29", "02:30", "Europe/Berlin");
    expect(skipped.toISOString()).toBe("2026-03-29T01:30:00.000Z");
    expect(localTimeOf(skipped, "Europe/Berlin")).toBe("03:30");
    expect(localInstant("2026-10-25", "02:30", "Europe/Berlin").toISOString()).toBe(
      "2026-10-25T00:30:00.000Z",
    );
    // Los Angeles: 09:00 on the spring-forward day is already at UTC−7.
    expect(localInstant("2026-03-08", "09:00", "America/Los_Angeles").toISOString()).toBe(
      "2026-03-08T16:00:00.000Z",
    );
  });
});

describe("zone names", () => {
  it("canonicalises the spelling and refuses an unknown zone naming the field", () => {
    expect(canonicalTimeZone("asia/tokyo")).toBe("Asia/Tokyo");
    expect(() => canonicalTimeZone("Mars/Olympus")).toThrow(
      expect.objectContaining({ code: "invalid_input", details: { field: "timezone" } }),
    );
  });

  it("measures the offset, including half-hour zones", () => {
    expect(offsetAt(at("2026-01-15T12:00:00Z"), "Asia/Kolkata")).toBe(5.5 * HOUR);
    expect(offsetAt(at("2026-07-15T12:00:00Z"), "America/Los_Angeles")).toBe(-7 * HOUR);
  });
});
