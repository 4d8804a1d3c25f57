import type { OperationOutput } from "../../lib/api.ts";

export type TreeEntry = OperationOutput<"docs.tree">[number];

export interface TreeNode {
  page: TreeEntry;
  depth: number;
  children: TreeNode[];
}

const byPosition = (a: TreeEntry, b: TreeEntry) =>
  a.position - b.position || a.title.localeCompare(b.title);

/** The pages under `parentId` (null: the top level), in their order. */
export function childrenOf(entries: TreeEntry[], parentId: string | null): TreeEntry[] {
  return entries.filter((e) => e.parentId === parentId).sort(byPosition);
}

/** The flat list as a nested tree. A page whose parent is missing shows at the top level. */
export function buildTree(entries: TreeEntry[]): TreeNode[] {
  const ids = new Set(entries.map((e) => e.id));
  const build = (parentId: string | null, depth: number): TreeNode[] =>
    entries
      .filter((e) =>
        parentId === null ? e.parentId === null || !ids.has(e.parentId) : e.parentId === parentId,
      )
      .sort(byPosition)
      .map((page) => ({ page, depth, children: build(page.id, depth + 1) }));
  return build(null, 0);
}

/** Ids of every page below `id`. */
export function descendantIds(entries: TreeEntry[], id: string): Set<string> {
  const found = new Set<string>();
  const visit = (parentId: string) => {
    for (const e of entries)
      if (e.parentId === parentId && !found.has(e.id)) {
        found.add(e.id);
        visit(e.id);
      }
  };
  visit(id);
  return found;
}

/** Ids of the pages above `id`, nearest first. */
export function ancestorIds(entries: TreeEntry[], id: string): string[] {
  const byId = new Map(entries.map((e) => [e.id, e]));
  const out: string[] = [];
  let parent = byId.get(id)?.parentId ?? null;
  while (parent && !out.includes(parent)) {
    out.push(parent);
    parent = byId.get(parent)?.parentId ?? null;
  }
  return out;
}

/** Every page in tree order with its depth, for pickers. */
export function flatten(nodes: TreeNode[]): TreeNode[] {
  return nodes.flatMap((n) => [n, ...flatten(n.children)]);
}

export type DropZone = "before" | "inside" | "after";

/**
 * Where a page dropped on `target` goes: before or after it among its siblings, or last
 * inside it. Positions count the siblings without the moving page, as docs.move does.
 */
export function dropTarget(
  entries: TreeEntry[],
  movingId: string,
  target: TreeEntry,
  zone: DropZone,
): { parentId: string | null; position: number } {
  if (zone === "inside")
    return {
      parentId: target.id,
      position: childrenOf(entries, target.id).filter((e) => e.id !== movingId).length,
    };
  const siblings = childrenOf(entries, target.parentId).filter((e) => e.id !== movingId);
  const index = siblings.findIndex((e) => e.id === target.id);
  return { parentId: target.parentId, position: zone === "before" ? index : index + 1 };
}
