import { describe, expect, it } from "vitest";
import { uploadProgressView } from "./upload-progress.ts";

const number = (value: number) => value.toLocaleString("en-US");
const file = { bytes: 8_000, sent: 8_000 };

describe("an upload's progress as its row shows it", () => {
  it("counts bytes sent while uploading", () => {
    expect(uploadProgressView({ ...file, status: "uploading", sent: 2_000 }, number)).toEqual({
      status: "Uploading 25%",
      bar: { label: "Upload", percent: 25, isPulsing: false },
    });
  });

  it("pulses once the bytes are sent, until the server first reports", () => {
    expect(uploadProgressView({ ...file, status: "importing" }, number)).toEqual({
      status: "Processing…",
      bar: { label: "Processing", percent: 100, isPulsing: true },
    });
  });

  it("then shows the rows read and the share of the file read", () => {
    const processed = { phase: "reading", rows: 125_000, done: 2_000, total: 8_000 };
    expect(uploadProgressView({ ...file, status: "importing", processed }, number)).toEqual({
      status: "Processing: 125,000 rows…",
      bar: { label: "Processing", percent: 25, isPulsing: false },
    });
  });

  it("names the steps after reading, with the file's rows, on a pulsing full bar", () => {
    const processed = { phase: "rollups", rows: 1_000_000, done: 8_000, total: 8_000 };
    expect(uploadProgressView({ ...file, status: "importing", processed }, number)).toEqual({
      status: "Processing: 1,000,000 rows — building roll-ups…",
      bar: { label: "Processing", percent: 100, isPulsing: true },
    });
  });

  it("shows no bar once the result is in", () => {
    const processed = { phase: "rollups", rows: 10, done: 8_000, total: 8_000 };
    expect(uploadProgressView({ ...file, status: "done", processed }, number)).toEqual({
      status: "Imported",
    });
  });
});
