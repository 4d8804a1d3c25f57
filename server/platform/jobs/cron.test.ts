import { describe, expect, it } from "vitest";
import { nextCronRun } from "./cron.ts";

const after = new Date("2030-03-01T10:00:30Z");

describe("nextCronRun", () => {
  it("returns the first matching time strictly after the given one", () => {
    expect(nextCronRun("*/5 * * * *", "UTC", after)).toEqual(new Date("2030-03-01T10:05:00Z"));
    expect(nextCronRun("*/5 * * * *", "UTC", new Date("2030-03-01T10:05:00Z"))).toEqual(
      new Date("2030-03-01T10:10:00Z"),
    );
  });

  it("reads the fields in the schedule's time zone", () => {
    // 03:00 in Paris is 02:00 UTC in winter (CET, UTC+1).
    expect(nextCronRun("0 3 * * *", "Europe/Paris", after)).toEqual(
      new Date("2030-03-02T02:00:00Z"),
    );
  });

  it.each(["", "   ", "61 * * * *", "bogus", "* * * * * * *"])(
    "refuses %j naming the cron field",
    (cron) => {
      expect(() => nextCronRun(cron, "UTC", after)).toThrow(
        expect.objectContaining({ code: "invalid_input", details: { field: "cron" } }),
      );
    },
  );

  it("refuses an unknown time zone naming the timezone field", () => {
    expect(() => nextCronRun("0 3 * * *", "Mars/Olympus", after)).toThrow(
      expect.objectContaining({ code: "invalid_input", details: { field: "timezone" } }),
    );
  });
});
