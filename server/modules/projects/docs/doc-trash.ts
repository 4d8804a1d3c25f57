import { and, desc, eq, inArray, lt } from "drizzle-orm";
import { users } from "../../../platform/auth/auth.schema.ts";
import type { Db } from "../../../platform/db/database.ts";
import { notFound } from "../../../platform/errors.ts";
import { docLinks, docPages, docVersions, projects } from "../projects.schema.ts";
import { docTrash } from "./doc-trash.schema.ts";
import { descendantsOf, findPage, nextPosition } from "./doc-tree.ts";

/** How long deleted pages wait in the trash before the daily sweep removes them for good. */
export const TRASH_DAYS = 30;

type PageRow = typeof docPages.$inferSelect;
type VersionRow = typeof docVersions.$inferSelect;
type LinkRow = typeof docLinks.$inferSelect;
/** A row as stored in JSON: its dates become ISO strings. */
type Stored<T> = { [K in keyof T]: T[K] extends Date ? string : T[K] };

/** What the trash keeps of a deleted page: rows exactly as they were, the top page first. */
export interface TrashedTree {
  pages: Stored<PageRow>[];
  versions: Stored<VersionRow>[];
  links: Stored<LinkRow>[];
}

/** Moves a page with its sub-pages, versions and links into the trash, then deletes them. */
export async function trashPage(db: Db, workspaceId: string, id: string, actorId: string | null) {
  const page = await findPage(db, workspaceId, id);
  const below = await descendantsOf(db, workspaceId, id);
  const ids = [id, ...below];
  const pages = await db
    .select()
    .from(docPages)
    .where(and(eq(docPages.workspaceId, workspaceId), inArray(docPages.id, ids)));
  const versions = await db
    .select()
    .from(docVersions)
    .where(and(eq(docVersions.workspaceId, workspaceId), inArray(docVersions.pageId, ids)));
  const links = await db
    .select()
    .from(docLinks)
    .where(and(eq(docLinks.workspaceId, workspaceId), inArray(docLinks.pageId, ids)));
  const order = new Map(ids.map((pageId, i) => [pageId, i]));
  pages.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
  const tree = JSON.parse(JSON.stringify({ pages, versions, links })) as TrashedTree;
  await db.insert(docTrash).values({
    workspaceId,
    pageId: page.id,
    title: page.title,
    kind: page.kind,
    pageCount: ids.length,
    tree,
    deletedBy: actorId,
  });
  // Sub-pages, versions and links go with it through ON DELETE CASCADE.
  await db.delete(docPages).where(and(eq(docPages.workspaceId, workspaceId), eq(docPages.id, id)));
  return { title: page.title, deleted: ids.length, subPages: below.length };
}

export async function listTrash(db: Db, workspaceId: string) {
  const rows = await db
    .select({
      id: docTrash.id,
      pageId: docTrash.pageId,
      title: docTrash.title,
      kind: docTrash.kind,
      pageCount: docTrash.pageCount,
      deletedAt: docTrash.deletedAt,
      deletedById: docTrash.deletedBy,
      deletedByName: users.name,
    })
    .from(docTrash)
    .leftJoin(users, eq(users.id, docTrash.deletedBy))
    .where(eq(docTrash.workspaceId, workspaceId))
    .orderBy(desc(docTrash.deletedAt));
  return rows.map(({ deletedById, deletedByName, ...row }) => ({
    ...row,
    deletedBy: deletedById && deletedByName ? { id: deletedById, name: deletedByName } : null,
    purgeAfter: new Date(row.deletedAt.getTime() + TRASH_DAYS * 86_400_000),
  }));
}

async function trashEntry(db: Db, workspaceId: string, id: string) {
  const [row] = await db
    .select()
    .from(docTrash)
    .where(and(eq(docTrash.workspaceId, workspaceId), eq(docTrash.id, id)));
  if (!row) throw notFound("Deleted page");
  return row;
}

/** Ids among `ids` that still exist in `table`'s id column, for references that may be gone. */
async function existing(db: Db, table: typeof users | typeof projects, ids: (string | null)[]) {
  const wanted = [...new Set(ids.filter((v): v is string => Boolean(v)))];
  if (wanted.length === 0) return new Set<string>();
  const rows = await db.select({ id: table.id }).from(table).where(inArray(table.id, wanted));
  return new Set(rows.map((r) => r.id));
}

/**
 * Puts a deleted page back with its sub-pages, versions and links, under the same ids. Where
 * its parent page was deleted meanwhile it comes back at the top of the tree; a project or
 * person that no longer exists is cleared from the restored rows.
 */
export async function restoreFromTrash(db: Db, workspaceId: string, id: string) {
  const entry = await trashEntry(db, workspaceId, id);
  const tree = entry.tree as TrashedTree;
  const [top, ...rest] = tree.pages;
  if (!top) throw notFound("Deleted page");
  const people = await existing(db, users, [
    ...tree.pages.flatMap((p) => [p.createdBy, p.updatedBy]),
    ...tree.versions.map((v) => v.authorId),
  ]);
  const knownProjects = await existing(
    db,
    projects,
    tree.pages.map((p) => p.projectId),
  );
  const person = (userId: string | null) => (userId && people.has(userId) ? userId : null);
  const parentExists =
    top.parentId !== null &&
    (await db
      .select({ id: docPages.id })
      .from(docPages)
      .where(and(eq(docPages.workspaceId, workspaceId), eq(docPages.id, top.parentId)))
      .then((rows) => rows.length > 0));
  const parentId = parentExists ? top.parentId : null;
  const position = parentExists ? top.position : await nextPosition(db, workspaceId, null);
  const pageRow = (p: Stored<PageRow>) => ({
    ...p,
    workspaceId,
    projectId: p.projectId && knownProjects.has(p.projectId) ? p.projectId : null,
    createdBy: person(p.createdBy),
    updatedBy: person(p.updatedBy),
    createdAt: new Date(p.createdAt),
    updatedAt: new Date(p.updatedAt),
  });
  // Top first, then each sub-page after its parent: the order they were stored in.
  await db.insert(docPages).values({ ...pageRow(top), parentId, position });
  for (const page of rest) await db.insert(docPages).values(pageRow(page));
  if (tree.versions.length > 0)
    await db.insert(docVersions).values(
      tree.versions.map((v) => ({
        ...v,
        workspaceId,
        authorId: person(v.authorId),
        createdAt: new Date(v.createdAt),
      })),
    );
  if (tree.links.length > 0)
    await db
      .insert(docLinks)
      .values(tree.links.map((l) => ({ ...l, workspaceId, createdAt: new Date(l.createdAt) })));
  await db.delete(docTrash).where(eq(docTrash.id, entry.id));
  return {
    pageId: top.id,
    title: top.title,
    restored: tree.pages.length,
    movedToTop: top.parentId !== null && !parentExists,
  };
}

/** Deletes one trash entry for good. */
export async function purgeFromTrash(db: Db, workspaceId: string, id: string) {
  const entry = await trashEntry(db, workspaceId, id);
  await db.delete(docTrash).where(eq(docTrash.id, entry.id));
  return { title: entry.title, purged: entry.pageCount };
}

/** The daily sweep: entries older than TRASH_DAYS, in every workspace. */
export async function sweepTrash(db: Db, now = new Date()) {
  const cutoff = new Date(now.getTime() - TRASH_DAYS * 86_400_000);
  const gone = await db
    .delete(docTrash)
    .where(lt(docTrash.deletedAt, cutoff))
    .returning({ id: docTrash.id });
  return gone.length;
}
