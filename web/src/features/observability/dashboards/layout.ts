/** Dashboards lay panels on a 12-column grid (the server checks the same bounds). */
export const GRID_COLUMNS = 12;
export const ROW_HEIGHT_PX = 80;
export const CHART_TYPES = ["line", "area", "bar", "stat"] as const;

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

const overlaps = (a: Box, b: Box) =>
  a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

/** Where a new panel goes: half the width, below everything that is there. */
export function nextSlot(panels: readonly Box[]): Box {
  const bottom = panels.reduce((y, p) => Math.max(y, p.y + p.h), 0);
  return { x: 0, y: bottom, w: 6, h: 4 };
}

/**
 * Moves or resizes one panel, kept inside the grid, and pushes the panels it now covers down
 * below it (and what those then cover, in turn), as grid dashboards usually do, so a layout
 * never overlaps.
 */
export function placePanel<P extends Box & { id: string }>(
  panels: readonly P[],
  id: string,
  change: Partial<Box>,
): P[] {
  const next = panels.map((p) => ({ ...p }));
  const moved = next.find((p) => p.id === id);
  if (!moved) return next;
  moved.w = Math.min(GRID_COLUMNS, Math.max(1, change.w ?? moved.w));
  moved.h = Math.min(12, Math.max(1, change.h ?? moved.h));
  moved.x = Math.min(GRID_COLUMNS - moved.w, Math.max(0, change.x ?? moved.x));
  moved.y = Math.max(0, change.y ?? moved.y);
  const settled: P[] = [moved];
  const rest = next.filter((p) => p !== moved).sort((a, b) => a.y - b.y || a.x - b.x);
  for (const panel of rest) {
    for (;;) {
      const hit = settled.find((s) => overlaps(s, panel));
      if (!hit) break;
      panel.y = hit.y + hit.h;
    }
    settled.push(panel);
  }
  return next;
}
