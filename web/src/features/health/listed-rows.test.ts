import { describe, expect, it } from "vitest";
import { openFirst } from "./listed-rows.ts";

const row = (id: string, state: string, at: string) => ({ id, state, at });
const isOpen = (r: { state: string }) => r.state !== "resolved";
const at = (r: { at: string }) => r.at;

describe("openFirst", () => {
  it("lists every open row, before newer resolved ones, each once", () => {
    const open = [
      row("a", "firing", "2026-11-28T08:00:00Z"),
      row("b", "pending", "2026-11-28T09:00:00Z"),
    ];
    // The history holds the pending one too (it is among the newest): listed once.
    const recent = [
      row("c", "resolved", "2026-11-28T10:00:00Z"),
      row("b", "pending", "2026-11-28T09:00:00Z"),
      row("d", "resolved", "2026-11-28T07:00:00Z"),
    ];
    expect(openFirst(open, recent, isOpen, at).map((r) => r.id)).toEqual(["b", "a", "c", "d"]);
  });

  it("takes the open list's copy of a row both lists have", () => {
    const open = [row("a", "firing", "2026-11-28T08:00:00Z")];
    const recent = [row("a", "pending", "2026-11-28T08:00:00Z")];
    expect(openFirst(open, recent, isOpen, at)).toEqual(open);
  });
});
