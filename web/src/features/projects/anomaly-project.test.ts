import { describe, expect, it } from "vitest";
import { defaultProjectFor } from "./anomaly-project.ts";

const projects = [
  { id: "acme-web", clientId: "acme" },
  { id: "globex-etl", clientId: "globex" },
  { id: "internal", clientId: null },
];

describe("defaultProjectFor", () => {
  it("picks a project of the anomaly's client, not the first one listed", () => {
    expect(defaultProjectFor(projects, "globex")).toBe("globex-etl");
  });

  it("implies no client when the anomaly's is unknown, or has no project", () => {
    expect(defaultProjectFor(projects, null)).toBe("internal");
    expect(defaultProjectFor(projects.slice(0, 2), null)).toBeNull();
    expect(defaultProjectFor(projects, "initech")).toBeNull();
  });
});
