import { afterEach, describe, expect, it } from "vitest";
import { createFormatters, elapsed } from "./format.ts";

const zoneBefore = process.env.TZ;
afterEach(() => {
  // Assigning undefined would store the string "undefined": other files share this process.
  if (zoneBefore === undefined) delete process.env.TZ;
  else process.env.TZ = zoneBefore;
});

describe("format.day", () => {
  // A due date or an invoice date is a calendar day: the viewer's zone must not move it.
  for (const zone of ["America/Los_Angeles", "Pacific/Kiritimati", "Pacific/Pago_Pago", "UTC"]) {
    it(`shows the day as written to a viewer in ${zone}`, () => {
      process.env.TZ = zone;
      const format = createFormatters("en-US", "USD");
      expect(format.day("2026-11-27")).toBe("Nov 27, 2026");
      expect(format.day("2026-01-01")).toBe("Jan 1, 2026");
      expect(format.day("2026-12-31T00:00:00.000Z")).toBe("Dec 31, 2026");
    });
  }

  it("follows the locale", () => {
    expect(createFormatters("de-DE", "EUR").day("2026-11-27")).toBe("27.11.2026");
  });

  it("shows a dash for nothing or for what is not a day", () => {
    const format = createFormatters("en-US", "USD");
    expect(format.day(null)).toBe("—");
    expect(format.day("")).toBe("—");
    expect(format.day("27/11/2026")).toBe("—");
  });
});

describe("format.date", () => {
  it("shows an instant's date in the viewer's zone", () => {
    process.env.TZ = "America/Los_Angeles";
    const format = createFormatters("en-US", "USD");
    // 03:00 UTC on the 27th is still the evening of the 26th in Los Angeles.
    expect(format.date("2026-11-27T03:00:00Z")).toBe("Nov 26, 2026");
    expect(format.day("2026-11-27")).toBe("Nov 27, 2026");
  });
});

describe("elapsed", () => {
  it("words a span to the minute, in its two largest units", () => {
    expect(elapsed(0)).toBe("< 1 min");
    expect(elapsed(59)).toBe("< 1 min");
    expect(elapsed(35 * 60 + 59)).toBe("35 min");
    expect(elapsed(2 * 3600 + 13 * 60)).toBe("2 h 13 min");
    expect(elapsed(3 * 86_400 + 4 * 3600 + 59 * 60)).toBe("3 d 4 h");
  });
});
