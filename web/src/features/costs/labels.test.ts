import { describe, expect, it } from "vitest";
import { NONE_LABEL, noneLabelOf } from "./labels.ts";

describe("noneLabelOf", () => {
  it("names the rest of a breakdown by client or project for what it holds", () => {
    // By client it also holds projects of no client: it is not "Unallocated".
    expect(noneLabelOf("allocation:client")).toBe("No client");
    expect(noneLabelOf("allocation:project")).toBe("No project");
    expect(noneLabelOf("tag:client")).toBe(NONE_LABEL);
  });
});
