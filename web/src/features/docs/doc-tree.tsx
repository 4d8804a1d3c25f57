import {
  DndContext,
  type DragEndEvent,
  type DragMoveEvent,
  DragOverlay,
  PointerSensor,
  pointerWithin,
  useDraggable,
  useDroppable,
  useSensor,
  useSensors,
} from "@dnd-kit/core";
import { ChevronRight, MoreHorizontal, Plus } from "lucide-react";
import { useEffect, useMemo, useState } from "react";
import { NavLink } from "react-router";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuTrigger,
} from "../../components/ui/dropdown-menu.tsx";
import { useToast } from "../../components/ui/toast.tsx";
import { errorMessage } from "../../lib/api.ts";
import { useOperationMutation } from "../../lib/operations.ts";
import { cn } from "../../lib/utils.ts";
import { KIND_ICONS } from "./doc-kinds.ts";
import { useDocsActions } from "./docs-actions.tsx";
import {
  buildTree,
  type DropZone,
  descendantIds,
  dropTarget,
  type TreeEntry,
  type TreeNode,
} from "./tree.ts";

const ROOT_DROP = "docs-root";
const STORAGE_KEY = "glasspane.docs.expanded";

function storedExpanded(): Set<string> {
  try {
    return new Set(JSON.parse(localStorage.getItem(STORAGE_KEY) ?? "[]") as string[]);
  } catch {
    return new Set();
  }
}

interface Hover {
  id: string;
  zone: DropZone;
}

interface RowProps {
  node: TreeNode;
  currentId?: string;
  expanded: Set<string>;
  toggle: (id: string) => void;
  hover: Hover | null;
  canWrite: boolean;
}

function TreeRow({ node, currentId, expanded, toggle, hover, canWrite }: RowProps) {
  const { page, children, depth } = node;
  const actions = useDocsActions();
  const drag = useDraggable({ id: page.id, disabled: !canWrite });
  const drop = useDroppable({ id: page.id, disabled: !canWrite });
  const isOpen = expanded.has(page.id);
  const Icon = KIND_ICONS[page.kind];
  const zone = hover?.id === page.id ? hover.zone : null;
  return (
    <li data-testid="docs-tree-item" data-title={page.title}>
      <div
        ref={(el) => {
          drag.setNodeRef(el);
          drop.setNodeRef(el);
        }}
        {...(canWrite ? drag.listeners : {})}
        className={cn(
          "group relative flex items-center gap-0.5 rounded-md pr-1 text-sm hover:bg-accent/60",
          currentId === page.id && "bg-accent",
          drag.isDragging && "opacity-40",
          zone === "inside" && "bg-primary/10 ring-1 ring-primary",
          zone === "before" &&
            "before:absolute before:inset-x-0 before:-top-px before:h-0.5 before:bg-primary",
          zone === "after" &&
            "after:absolute after:inset-x-0 after:-bottom-px after:h-0.5 after:bg-primary",
        )}
        style={{ paddingLeft: `${depth * 0.75}rem` }}
      >
        {children.length > 0 ? (
          <button
            type="button"
            onClick={() => toggle(page.id)}
            aria-expanded={isOpen}
            aria-label={`${isOpen ? "Collapse" : "Expand"} ${page.title}`}
            className="flex size-6 shrink-0 items-center justify-center rounded text-muted-foreground hover:bg-accent"
          >
            <ChevronRight
              className={cn("size-3.5 transition-transform", isOpen && "rotate-90")}
              aria-hidden
            />
          </button>
        ) : (
          <span className="size-6 shrink-0" />
        )}
        <NavLink
          to={`/docs/${page.id}`}
          className={({ isActive }) =>
            cn(
              "flex min-w-0 flex-1 items-center gap-2 rounded py-1.5 pr-1",
              (isActive || currentId === page.id) && "font-medium text-primary",
            )
          }
        >
          <Icon className="size-4 shrink-0 text-muted-foreground" aria-hidden />
          <span className="truncate">{page.title}</span>
        </NavLink>
        {canWrite && (
          <div className="absolute top-1/2 right-1 flex -translate-y-1/2 rounded-md bg-accent opacity-0 pointer-events-none group-focus-within:pointer-events-auto group-focus-within:opacity-100 group-hover:pointer-events-auto group-hover:opacity-100">
            <button
              type="button"
              className="flex size-6 items-center justify-center rounded text-muted-foreground hover:bg-accent"
              aria-label={`New page under ${page.title}`}
              title="New page under this one"
              onClick={() => actions.newPage(page.id)}
            >
              <Plus className="size-3.5" aria-hidden />
            </button>
            <DropdownMenu>
              <DropdownMenuTrigger
                className="flex size-6 items-center justify-center rounded text-muted-foreground hover:bg-accent"
                aria-label={`Actions for ${page.title}`}
              >
                <MoreHorizontal className="size-3.5" aria-hidden />
              </DropdownMenuTrigger>
              <DropdownMenuContent align="start">
                <DropdownMenuItem onSelect={() => actions.newPage(page.id)}>
                  New sub-page
                </DropdownMenuItem>
                <DropdownMenuItem onSelect={() => actions.movePage(page.id)}>
                  Move to…
                </DropdownMenuItem>
                <DropdownMenuItem
                  variant="destructive"
                  onSelect={() => actions.deletePage(page.id)}
                >
                  Delete…
                </DropdownMenuItem>
              </DropdownMenuContent>
            </DropdownMenu>
          </div>
        )}
      </div>
      {isOpen && children.length > 0 && (
        <ul>
          {children.map((child) => (
            <TreeRow
              key={child.page.id}
              {...{ node: child, currentId, expanded, toggle, hover, canWrite }}
            />
          ))}
        </ul>
      )}
    </li>
  );
}

function RootDropZone() {
  const drop = useDroppable({ id: ROOT_DROP });
  return (
    <li
      ref={drop.setNodeRef}
      className={cn(
        "mt-2 rounded-md border border-dashed px-2 py-2 text-center text-xs text-muted-foreground",
        drop.isOver && "border-primary bg-primary/10 text-foreground",
      )}
    >
      Drop here to move to the top level
    </li>
  );
}

/** Where the pointer is on the row it hovers: the top or bottom quarter, or the middle. */
function zoneOf(event: DragMoveEvent): DropZone {
  const rect = event.over?.rect;
  const start = event.activatorEvent as PointerEvent;
  if (!rect || typeof start.clientY !== "number") return "inside";
  const y = start.clientY + event.delta.y;
  const at = (y - rect.top) / rect.height;
  return at < 0.28 ? "before" : at > 0.72 ? "after" : "inside";
}

/**
 * The page tree: expand and collapse, and drag a page onto another to nest it, or onto its top
 * or bottom edge to place it before or after. Keyboard users move pages with "Move to…".
 */
export function DocTree(props: {
  entries: TreeEntry[];
  currentId?: string;
  openIds: string[];
  canWrite: boolean;
}) {
  const { entries, currentId, openIds, canWrite } = props;
  const nodes = useMemo(() => buildTree(entries), [entries]);
  const [expanded, setExpanded] = useState(storedExpanded);
  const [dragging, setDragging] = useState<TreeEntry | null>(null);
  const [hover, setHover] = useState<Hover | null>(null);
  const move = useOperationMutation("docs.move");
  const toast = useToast();
  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 6 } }));

  const openKey = openIds.join(",");
  useEffect(() => {
    if (!openKey) return;
    setExpanded((old) => new Set([...old, ...openKey.split(",")]));
  }, [openKey]);
  useEffect(() => {
    localStorage.setItem(STORAGE_KEY, JSON.stringify([...expanded]));
  }, [expanded]);

  const toggle = (id: string) =>
    setExpanded((old) => {
      const next = new Set(old);
      if (!next.delete(id)) next.add(id);
      return next;
    });

  const onDragMove = (event: DragMoveEvent) => {
    const overId = event.over?.id ? String(event.over.id) : null;
    const movingId = String(event.active.id);
    if (!overId || overId === ROOT_DROP || overId === movingId) return setHover(null);
    if (descendantIds(entries, movingId).has(overId)) return setHover(null);
    const zone = zoneOf(event);
    if (hover?.id !== overId || hover.zone !== zone) setHover({ id: overId, zone });
  };

  const onDragEnd = async (event: DragEndEvent) => {
    const movingId = String(event.active.id);
    const overId = event.over?.id ? String(event.over.id) : null;
    const target = hover;
    setDragging(null);
    setHover(null);
    let destination: { parentId: string | null; position: number } | undefined;
    if (overId === ROOT_DROP)
      destination = { parentId: null, position: entries.filter((e) => !e.parentId).length };
    else if (target && target.id === overId) {
      const page = entries.find((e) => e.id === overId);
      if (page) destination = dropTarget(entries, movingId, page, target.zone);
      if (target.zone === "inside") setExpanded((old) => new Set([...old, overId]));
    }
    if (!destination) return;
    try {
      await move.mutateAsync({ id: movingId, ...destination });
    } catch (error) {
      toast({
        title: "Could not move the page",
        description: errorMessage(error),
        variant: "error",
      });
    }
  };

  if (entries.length === 0)
    return <p className="px-2 py-4 text-sm text-muted-foreground">No pages yet.</p>;
  return (
    <DndContext
      sensors={sensors}
      collisionDetection={pointerWithin}
      onDragStart={(e) => setDragging(entries.find((p) => p.id === e.active.id) ?? null)}
      onDragMove={onDragMove}
      onDragEnd={onDragEnd}
      onDragCancel={() => {
        setDragging(null);
        setHover(null);
      }}
    >
      <nav aria-label="Pages">
        <ul data-testid="docs-tree">
          {nodes.map((node) => (
            <TreeRow
              key={node.page.id}
              {...{ node, currentId, expanded, toggle, hover, canWrite }}
            />
          ))}
          {dragging && <RootDropZone />}
        </ul>
      </nav>
      <DragOverlay dropAnimation={null}>
        {dragging && (
          <div className="rounded-md border bg-popover px-3 py-1.5 text-sm shadow-md">
            {dragging.title}
          </div>
        )}
      </DragOverlay>
    </DndContext>
  );
}
