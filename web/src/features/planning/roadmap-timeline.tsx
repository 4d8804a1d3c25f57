import { Diamond } from "lucide-react";
import { type KeyboardEvent, type PointerEvent, useEffect, useMemo, useRef, useState } from "react";
import type { OperationOutput } from "../../lib/api.ts";
import { useSession, useToday } from "../../lib/session.tsx";
import { cn } from "../../lib/utils.ts";
import { addDays, dateOfDay, dayNumber, mondayOf, shortDate } from "./dates.ts";

export type Roadmap = OperationOutput<"roadmap.list">;
export type Item = Roadmap["items"][number];

const DAY_PX = 9;
const ROW_PX = 40;
const PHONE = "(max-width: 639px)";

/** The names column: narrower on a phone, where 240 px of names left the timeline a sliver. */
function useLabelPx() {
  const [isNarrow, setIsNarrow] = useState(() => window.matchMedia(PHONE).matches);
  useEffect(() => {
    const media = window.matchMedia(PHONE);
    const onChange = () => setIsNarrow(media.matches);
    media.addEventListener("change", onChange);
    return () => media.removeEventListener("change", onChange);
  }, []);
  return isNarrow ? 136 : 240;
}

interface Drag {
  id: string;
  mode: "move" | "end";
  originX: number;
  days: number;
}

const startOf = (item: Item) => item.startDate ?? item.endDate;

/** Shades dark enough for the bar's white title to be read (4.5:1) in both themes. */
const STATUS_COLOUR: Record<Item["status"], string> = {
  planned: "bg-sky-700",
  in_progress: "bg-amber-700",
  done: "bg-emerald-700",
};

/** New dates of an item after a drag of `days` (moving, or stretching its end). */
export function shifted(item: Item, mode: Drag["mode"], days: number) {
  if (mode === "end" && item.startDate) {
    const end = addDays(item.endDate, days);
    // An epic is at least one day long.
    if (end < item.startDate) return { startDate: item.startDate, endDate: item.startDate };
    return { startDate: item.startDate, endDate: end };
  }
  return {
    startDate: item.startDate ? addDays(item.startDate, days) : null,
    endDate: addDays(item.endDate, days),
  };
}

/**
 * Epics as bars and milestones as diamonds on a weekly grid, with dependency arrows. Drag a bar
 * (or its right edge) to reschedule; with the keyboard, arrows move the focused item a day
 * (a week with Shift).
 */
export function RoadmapTimeline({
  roadmap,
  canEdit,
  onMove,
  onOpen,
}: {
  roadmap: Roadmap;
  canEdit: boolean;
  onMove: (item: Item, dates: { startDate: string | null; endDate: string }) => void;
  onOpen: (item: Item) => void;
}) {
  const { format } = useSession();
  const today = useToday();
  const labelPx = useLabelPx();
  const [drag, setDrag] = useState<Drag | null>(null);
  const moved = useRef(false);
  const { items, dependencies } = roadmap;

  const range = useMemo(() => {
    const days = items.flatMap((i) => [dayNumber(startOf(i)), dayNumber(i.endDate)]);
    days.push(dayNumber(today));
    const first = dayNumber(mondayOf(dateOfDay(Math.min(...days) - 7)));
    const last = Math.max(...days) + 21;
    return { first, count: last - first };
  }, [items, today]);
  const x = (date: string) => (dayNumber(date) - range.first) * DAY_PX;
  const row = new Map(items.map((item, index) => [item.id, index]));
  const shownOf = (item: Item) =>
    drag?.id === item.id ? shifted(item, drag.mode, drag.days) : item;
  const weeks = Array.from({ length: Math.ceil(range.count / 7) }, (_, i) =>
    dateOfDay(range.first + 7 * i),
  );
  const width = range.count * DAY_PX;
  const height = items.length * ROW_PX;

  const begin = (event: PointerEvent, item: Item, mode: Drag["mode"]) => {
    if (!canEdit || event.button !== 0) return;
    event.stopPropagation();
    (event.currentTarget as HTMLElement).setPointerCapture(event.pointerId);
    moved.current = false;
    setDrag({ id: item.id, mode, originX: event.clientX, days: 0 });
  };
  const track = (event: PointerEvent) => {
    if (!drag) return;
    const days = Math.round((event.clientX - drag.originX) / DAY_PX);
    if (days !== drag.days) {
      moved.current = true;
      setDrag({ ...drag, days });
    }
  };
  const end = (item: Item) => {
    if (!drag) return;
    setDrag(null);
    if (drag.days !== 0) onMove(item, shifted(item, drag.mode, drag.days));
    else if (!moved.current) onOpen(item);
  };
  const nudge = (event: KeyboardEvent, item: Item) => {
    if (event.key === "Enter") return onOpen(item);
    if (!canEdit || (event.key !== "ArrowLeft" && event.key !== "ArrowRight")) return;
    event.preventDefault();
    const step = (event.shiftKey ? 7 : 1) * (event.key === "ArrowLeft" ? -1 : 1);
    onMove(item, shifted(item, "move", step));
  };

  return (
    <div className="overflow-x-auto rounded-md border" data-testid="roadmap-timeline">
      <div className="relative" style={{ width: labelPx + width }}>
        <div className="sticky top-0 z-10 flex h-8 border-b bg-muted/60 text-xs text-muted-foreground">
          <div
            className="sticky left-0 z-20 shrink-0 border-r bg-muted px-3 py-2"
            style={{ width: labelPx }}
          >
            Item
          </div>
          <div className="relative" style={{ width }}>
            {weeks.map((week) => (
              <span key={week} className="absolute top-2 border-l pl-1" style={{ left: x(week) }}>
                {shortDate(week, format.locale)}
              </span>
            ))}
          </div>
        </div>
        <div className="relative" style={{ height }}>
          <div className="absolute inset-y-0" style={{ left: labelPx, width }} aria-hidden>
            {weeks.map((week) => (
              <div
                key={week}
                className="absolute inset-y-0 border-l border-dashed border-border/70"
                style={{ left: x(week) }}
              />
            ))}
            <div
              className="absolute inset-y-0 w-px bg-destructive/70"
              style={{ left: x(today) }}
              title="Today"
            />
            <Arrows items={items} dependencies={dependencies} row={row} x={x} shownOf={shownOf} />
          </div>
          {items.map((item, index) => {
            const shown = shownOf(item);
            const left = labelPx + x(shown.startDate ?? shown.endDate);
            const progress = item.tasks.total ? item.tasks.done / item.tasks.total : 0;
            const label = `${item.title}: ${shown.startDate ? `${shown.startDate} to ` : ""}${shown.endDate}`;
            return (
              <div
                key={item.id}
                className="absolute inset-x-0 border-b"
                style={{ top: index * ROW_PX, height: ROW_PX }}
              >
                <button
                  type="button"
                  className="sticky left-0 z-10 flex h-full items-center gap-2 truncate border-r bg-background px-3 text-left text-sm hover:bg-muted"
                  style={{ width: labelPx }}
                  onClick={() => onOpen(item)}
                >
                  <span className="truncate">{item.title}</span>
                  {item.tasks.total > 0 && (
                    <span className="ml-auto shrink-0 text-xs text-muted-foreground">
                      {item.tasks.done}/{item.tasks.total}
                    </span>
                  )}
                </button>
                {item.kind === "milestone" ? (
                  <div
                    role="slider"
                    tabIndex={0}
                    aria-label={label}
                    aria-valuetext={shown.endDate}
                    aria-valuenow={dayNumber(shown.endDate)}
                    data-testid="roadmap-item"
                    className={cn(
                      "absolute top-2.5 -ml-2.5 touch-none text-amber-600",
                      canEdit && "cursor-grab",
                    )}
                    style={{ left: left + DAY_PX / 2 }}
                    onPointerDown={(e) => begin(e, item, "move")}
                    onPointerMove={track}
                    onPointerUp={() => end(item)}
                    onKeyDown={(e) => nudge(e, item)}
                  >
                    <Diamond className="size-5 fill-current" aria-hidden />
                  </div>
                ) : (
                  <div
                    role="slider"
                    tabIndex={0}
                    aria-label={label}
                    aria-valuetext={`${shown.startDate} to ${shown.endDate}`}
                    aria-valuenow={dayNumber(shown.endDate)}
                    data-testid="roadmap-item"
                    className={cn(
                      "absolute top-2 h-6 touch-none overflow-hidden rounded text-xs text-white shadow-sm",
                      STATUS_COLOUR[item.status],
                      canEdit && "cursor-grab",
                      drag?.id === item.id && "ring-2 ring-ring",
                    )}
                    style={{
                      left,
                      width:
                        (dayNumber(shown.endDate) - dayNumber(startOf(shown as Item)) + 1) * DAY_PX,
                    }}
                    onPointerDown={(e) => begin(e, item, "move")}
                    onPointerMove={track}
                    onPointerUp={() => end(item)}
                    onKeyDown={(e) => nudge(e, item)}
                  >
                    <div
                      className="absolute inset-y-0 left-0 bg-black/20"
                      style={{ width: `${progress * 100}%` }}
                    />
                    <span className="relative truncate px-2 leading-6">{item.title}</span>
                    {canEdit && (
                      <span
                        className="absolute inset-y-0 right-0 w-2 cursor-ew-resize bg-white/30"
                        aria-hidden
                        onPointerDown={(e) => begin(e, item, "end")}
                        onPointerMove={track}
                        onPointerUp={() => end(item)}
                      />
                    )}
                  </div>
                )}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}

/** Finish-to-start arrows; red where the dependent starts before its predecessor ends. */
function Arrows({
  items,
  dependencies,
  row,
  x,
  shownOf,
}: {
  items: Item[];
  dependencies: Roadmap["dependencies"];
  row: Map<string, number>;
  x: (date: string) => number;
  shownOf: (item: Item) => { startDate: string | null; endDate: string };
}) {
  const byId = new Map(items.map((i) => [i.id, i]));
  return (
    <svg className="pointer-events-none absolute inset-0 size-full overflow-visible" aria-hidden>
      <defs>
        <marker
          id="roadmap-arrow"
          viewBox="0 0 6 6"
          refX="5"
          refY="3"
          markerWidth="6"
          markerHeight="6"
          orient="auto"
        >
          <path d="M0,0 L6,3 L0,6 z" className="fill-muted-foreground" />
        </marker>
      </defs>
      {dependencies.map((d) => {
        const from = byId.get(d.dependsOnId);
        const to = byId.get(d.itemId);
        if (!from || !to) return null;
        const a = shownOf(from);
        const b = shownOf(to);
        const x1 = x(a.endDate) + DAY_PX;
        const y1 = (row.get(from.id) ?? 0) * ROW_PX + ROW_PX / 2;
        const x2 = x(b.startDate ?? b.endDate);
        const y2 = (row.get(to.id) ?? 0) * ROW_PX + ROW_PX / 2;
        const broken = (b.startDate ?? b.endDate) < a.endDate;
        const bend = Math.max(x1 + 8, Math.min(x2 - 8, x1 + 24));
        return (
          <path
            key={`${d.dependsOnId}-${d.itemId}`}
            d={`M${x1},${y1} H${bend} V${y2} H${x2}`}
            fill="none"
            strokeWidth={broken ? 2 : 1.25}
            className={broken ? "stroke-destructive" : "stroke-muted-foreground"}
            markerEnd="url(#roadmap-arrow)"
          />
        );
      })}
    </svg>
  );
}
