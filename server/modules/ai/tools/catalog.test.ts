import { describe, expect, it } from "vitest";
import {
  allOperationTools,
  operationNameOf,
  operationToolNamed,
  operationToolsFor,
  toolNameOf,
} from "./catalog.ts";

describe("operation tools", () => {
  it("names round-trip between operations and tools", () => {
    for (const tool of allOperationTools()) {
      expect(tool.name).toMatch(/^[a-zA-Z0-9_]{1,64}$/);
      expect(operationNameOf(tool.name)).toBe(tool.operation.name);
    }
    expect(toolNameOf("costs.summary")).toBe("costs_summary");
  });

  it("keeps identity, tokens and secrets away from tool callers", () => {
    const names = allOperationTools().map((t) => t.operation.name);
    for (const forbidden of ["tokens.create", "secrets.set", "secrets.list", "members.invite"]) {
      expect(names).not.toContain(forbidden);
    }
    expect(operationToolNamed("tokens_create")).toBeUndefined();
    expect(names).toContain("costs.summary");
  });

  it("gives each role only the operations its permissions allow", () => {
    const viewer = operationToolsFor("viewer");
    // A viewer changes nothing but its own notifications' read marks.
    const viewerWrites = viewer.filter((t) => !t.readOnly).map((t) => t.name);
    expect(viewerWrites).toEqual(["notifications_markRead"]);
    expect(viewer.map((t) => t.name)).toContain("costs_summary");
    const member = operationToolsFor("member").map((t) => t.name);
    expect(member).toContain("tasks_create");
    expect(member).not.toContain("invoices_issue");
    expect(operationToolsFor("owner").map((t) => t.name)).toContain("invoices_issue");
    const client = operationToolsFor("client").map((t) => t.name);
    expect(client).not.toContain("costs_summary");
  });

  it("describes inputs as JSON Schema objects and marks destructive mutations", () => {
    const create = operationToolNamed("tasks_create");
    expect(create?.inputSchema.type).toBe("object");
    expect(create?.inputSchema.properties).toHaveProperty("title");
    expect(create?.readOnly).toBe(false);
    expect(create?.destructive).toBe(false);
    expect(operationToolNamed("tasks_delete")?.destructive).toBe(true);
    expect(operationToolNamed("costs_summary")?.readOnly).toBe(true);
  });
});
