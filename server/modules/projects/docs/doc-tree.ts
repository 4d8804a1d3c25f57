import { and, asc, eq, isNull, ne, sql } from "drizzle-orm";
import { rowsOf } from "../../../platform/db/copy.ts";
import type { Db } from "../../../platform/db/database.ts";
import { invalid, notFound } from "../../../platform/errors.ts";
import { docPages } from "../projects.schema.ts";

export type DocPage = typeof docPages.$inferSelect;

/** The page of this workspace, or not found (another workspace's id looks the same as none). */
export async function findPage(
  db: Db,
  workspaceId: string,
  id: string,
  what = "Page",
): Promise<DocPage> {
  const [row] = await db
    .select()
    .from(docPages)
    .where(and(eq(docPages.workspaceId, workspaceId), eq(docPages.id, id)));
  if (!row) throw notFound(what);
  return row;
}

/** Every page of the workspace without its body, in tree order (parent, then position). */
export async function listTree(db: Db, workspaceId: string) {
  return db
    .select({
      id: docPages.id,
      parentId: docPages.parentId,
      title: docPages.title,
      kind: docPages.kind,
      position: docPages.position,
      updatedAt: docPages.updatedAt,
    })
    .from(docPages)
    .where(eq(docPages.workspaceId, workspaceId))
    .orderBy(asc(docPages.position), asc(docPages.createdAt), asc(docPages.id));
}

/** Ids of every page below this one, at any depth. */
export async function descendantsOf(db: Db, workspaceId: string, id: string): Promise<string[]> {
  // UNION (not UNION ALL) stops at a repeated row, so even a corrupted cycle cannot loop forever.
  const result = await db.execute(sql`
    WITH RECURSIVE below AS (
      SELECT id FROM doc_pages WHERE workspace_id = ${workspaceId} AND parent_id = ${id}
      UNION
      SELECT p.id FROM doc_pages p JOIN below ON p.parent_id = below.id
      WHERE p.workspace_id = ${workspaceId}
    )
    SELECT id FROM below`);
  return rowsOf<{ id: string }>(result).map((r) => r.id);
}

/** The pages above this one, root first. */
export async function ancestorsOf(db: Db, workspaceId: string, page: DocPage) {
  if (!page.parentId) return [];
  const result = await db.execute(sql`
    WITH RECURSIVE above AS (
      SELECT id, parent_id, title, 0 AS depth FROM doc_pages
      WHERE workspace_id = ${workspaceId} AND id = ${page.parentId}
      UNION
      SELECT p.id, p.parent_id, p.title, above.depth + 1 FROM doc_pages p
      JOIN above ON p.id = above.parent_id
      WHERE p.workspace_id = ${workspaceId} AND above.depth < 200
    )
    SELECT id, title FROM above ORDER BY depth DESC`);
  return rowsOf<{ id: string; title: string }>(result);
}

/** The position after the last child of `parentId` (null: the top level). */
export async function nextPosition(db: Db, workspaceId: string, parentId: string | null) {
  const [row] = await db
    .select({ last: sql<number | null>`max(${docPages.position})` })
    .from(docPages)
    .where(
      and(
        eq(docPages.workspaceId, workspaceId),
        parentId ? eq(docPages.parentId, parentId) : isNull(docPages.parentId),
      ),
    );
  return row?.last === null || row?.last === undefined ? 0 : Number(row.last) + 1;
}

/**
 * Moves a page under another (or to the top level) at a 0-based position among its new
 * siblings; the siblings are renumbered 0…n. Moving a page under itself or under one of its
 * own sub-pages is refused: the tree would lose the branch in a loop.
 */
export async function movePage(
  db: Db,
  input: { workspaceId: string; id: string; parentId: string | null; position: number },
): Promise<DocPage> {
  const { workspaceId, id, parentId } = input;
  // Two moves checked at once could each pass the check and build a loop together: one tree
  // change at a time per workspace (the lock ends with the operation's transaction).
  await db.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`doc-tree:${workspaceId}`}))`);
  const page = await findPage(db, workspaceId, id);
  if (parentId) {
    const parent = await findPage(db, workspaceId, parentId, "Parent page");
    if (parent.id === page.id)
      throw invalid("parentId", `“${page.title}” cannot be moved under itself`);
    if ((await descendantsOf(db, workspaceId, page.id)).includes(parent.id))
      throw invalid(
        "parentId",
        `“${parent.title}” is inside “${page.title}”: a page cannot move under one of its own sub-pages`,
      );
  }
  const siblings = await db
    .select({ id: docPages.id, position: docPages.position })
    .from(docPages)
    .where(
      and(
        eq(docPages.workspaceId, workspaceId),
        parentId ? eq(docPages.parentId, parentId) : isNull(docPages.parentId),
        ne(docPages.id, id),
      ),
    )
    .orderBy(asc(docPages.position), asc(docPages.createdAt), asc(docPages.id));
  const at = Math.max(0, Math.min(input.position, siblings.length));
  const order = [...siblings.slice(0, at), { id, position: -1 }, ...siblings.slice(at)];
  for (const [position, sibling] of order.entries()) {
    if (sibling.id === id || sibling.position === position) continue;
    await db
      .update(docPages)
      .set({ position })
      .where(and(eq(docPages.workspaceId, workspaceId), eq(docPages.id, sibling.id)));
  }
  const [moved] = await db
    .update(docPages)
    .set({ parentId, position: at })
    .where(and(eq(docPages.workspaceId, workspaceId), eq(docPages.id, id)))
    .returning();
  return moved!;
}
