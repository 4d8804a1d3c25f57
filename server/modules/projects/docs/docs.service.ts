import { and, asc, eq, inArray } from "drizzle-orm";
import { users } from "../../../platform/auth/auth.schema.ts";
import type { Db } from "../../../platform/db/database.ts";
import { AppError, invalid, notFound } from "../../../platform/errors.ts";
import { docPages, docVersions, projects } from "../projects.schema.ts";
import { linksOf } from "./doc-links.ts";
import { ancestorsOf, type DocPage, descendantsOf, findPage, nextPosition } from "./doc-tree.ts";
import type { DocKind } from "./docs.zod.ts";
import { type TemplateId, templateOf } from "./templates.ts";

export type DocVersion = typeof docVersions.$inferSelect;

/** Names of the given people, by id (people who left the instance are simply absent). */
export async function namesOf(db: Db, ids: (string | null)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((id): id is string => Boolean(id)))];
  if (wanted.length === 0) return new Map();
  const rows = await db
    .select({ id: users.id, name: users.name })
    .from(users)
    .where(inArray(users.id, wanted));
  return new Map(rows.map((r) => [r.id, r.name]));
}

export function personOf(names: Map<string, string>, id: string | null) {
  return id && names.has(id) ? { id, name: names.get(id)! } : null;
}

/** One saved version of a page, or not found. */
export async function findVersion(db: Db, page: DocPage, version: number): Promise<DocVersion> {
  const [row] = await db
    .select()
    .from(docVersions)
    .where(
      and(
        eq(docVersions.workspaceId, page.workspaceId),
        eq(docVersions.pageId, page.id),
        eq(docVersions.version, version),
      ),
    );
  if (!row) throw notFound(`Version ${version} of “${page.title}”`);
  return row;
}

/** Records the page's current content as its version row: every save leaves one. */
async function recordVersion(db: Db, page: DocPage, authorId: string | null) {
  await db.insert(docVersions).values({
    workspaceId: page.workspaceId,
    pageId: page.id,
    version: page.version,
    title: page.title,
    body: page.body,
    authorId,
    createdAt: page.updatedAt,
  });
}

/** A page with what its reader needs: the version asked for, authors, path, children, links. */
export async function pageDetail(db: Db, workspaceId: string, id: string, version?: number) {
  const page = await findPage(db, workspaceId, id);
  const shown =
    version === undefined || version === page.version
      ? { title: page.title, body: page.body, authorId: page.updatedBy, createdAt: page.updatedAt }
      : await findVersion(db, page, version);
  const children = await db
    .select({ id: docPages.id, title: docPages.title, kind: docPages.kind })
    .from(docPages)
    .where(and(eq(docPages.workspaceId, workspaceId), eq(docPages.parentId, id)))
    .orderBy(asc(docPages.position), asc(docPages.createdAt));
  const names = await namesOf(db, [page.createdBy, page.updatedBy, shown.authorId]);
  return {
    id: page.id,
    parentId: page.parentId,
    projectId: page.projectId,
    title: shown.title,
    body: shown.body,
    kind: page.kind as DocKind,
    position: page.position,
    version: version ?? page.version,
    currentVersion: page.version,
    createdAt: page.createdAt,
    updatedAt: page.updatedAt,
    createdBy: personOf(names, page.createdBy),
    updatedBy: personOf(names, page.updatedBy),
    versionAuthor: personOf(names, shown.authorId),
    versionCreatedAt: shown.createdAt,
    path: await ancestorsOf(db, workspaceId, page),
    children: children.map((c) => ({ ...c, kind: c.kind as DocKind })),
    descendantCount: (await descendantsOf(db, workspaceId, id)).length,
    links: await linksOf(db, workspaceId, id),
  };
}

export interface NewPage {
  workspaceId: string;
  userId: string | null;
  parentId?: string | null;
  projectId?: string | null;
  title: string;
  body?: string;
  kind?: DocKind;
  template?: TemplateId;
}

/** Creates a page as version 1, last among its siblings; a template fills body and kind. */
export async function createPage(db: Db, input: NewPage): Promise<DocPage> {
  const { workspaceId } = input;
  const parentId = input.parentId ?? null;
  if (parentId) await findPage(db, workspaceId, parentId, "Parent page");
  if (input.projectId) {
    const [project] = await db
      .select({ id: projects.id })
      .from(projects)
      .where(and(eq(projects.workspaceId, workspaceId), eq(projects.id, input.projectId)));
    if (!project) throw notFound("Project");
  }
  const template = input.template ? templateOf(input.template) : undefined;
  const [page] = await db
    .insert(docPages)
    .values({
      workspaceId,
      parentId,
      projectId: input.projectId ?? null,
      title: input.title,
      body: input.body ?? template?.body ?? "",
      kind: input.kind ?? template?.kind ?? "page",
      position: await nextPosition(db, workspaceId, parentId),
      version: 1,
      createdBy: input.userId,
      updatedBy: input.userId,
    })
    .returning();
  await recordVersion(db, page!, input.userId);
  return page!;
}

/** The refusal of a save based on an older version: who saved since, and when. */
async function staleSave(db: Db, current: DocPage, baseVersion: number) {
  const names = await namesOf(db, [current.updatedBy]);
  const who = personOf(names, current.updatedBy)?.name ?? "Someone";
  const when = `${current.updatedAt.toISOString().slice(0, 16).replace("T", " ")} UTC`;
  return new AppError(
    "conflict",
    `${who} saved “${current.title}” at ${when} (version ${current.version}) after the version ` +
      `you started from (version ${baseVersion}). Your changes are not saved: keep a copy, ` +
      "reload the page, then apply them again.",
  );
}

export interface PageChange {
  workspaceId: string;
  userId: string | null;
  id: string;
  baseVersion: number;
  title?: string;
  body?: string;
  kind?: DocKind;
}

/**
 * Saves a new version of a page if `baseVersion` is still its current version (optimistic
 * concurrency: nobody's save is silently overwritten). A save that changes nothing makes no
 * version and returns the page as it is.
 */
export async function updatePage(db: Db, change: PageChange): Promise<DocPage> {
  const { workspaceId, id, baseVersion } = change;
  const current = await findPage(db, workspaceId, id);
  if (current.version !== baseVersion) throw await staleSave(db, current, baseVersion);
  const patch = {
    title: change.title ?? current.title,
    body: change.body ?? current.body,
    kind: change.kind ?? current.kind,
  };
  if (patch.title === current.title && patch.body === current.body && patch.kind === current.kind)
    return current;
  const [saved] = await db
    .update(docPages)
    .set({ ...patch, version: baseVersion + 1, updatedBy: change.userId, updatedAt: new Date() })
    .where(
      and(
        eq(docPages.workspaceId, workspaceId),
        eq(docPages.id, id),
        // Another save may commit between the read above and this write: the version check
        // is repeated here, where the row lock makes it exact.
        eq(docPages.version, baseVersion),
      ),
    )
    .returning();
  if (!saved) throw await staleSave(db, await findPage(db, workspaceId, id), baseVersion);
  await recordVersion(db, saved, change.userId);
  return saved;
}

/** Makes an old version's title and body the newest version; the history is kept as it was. */
export async function restoreVersion(
  db: Db,
  input: { workspaceId: string; userId: string | null; id: string; version: number },
): Promise<DocPage> {
  const page = await findPage(db, input.workspaceId, input.id);
  if (input.version === page.version)
    throw invalid("version", `version ${page.version} is already the current one`);
  const old = await findVersion(db, page, input.version);
  const [saved] = await db
    .update(docPages)
    .set({
      title: old.title,
      body: old.body,
      version: page.version + 1,
      updatedBy: input.userId,
      updatedAt: new Date(),
    })
    .where(
      and(
        eq(docPages.workspaceId, input.workspaceId),
        eq(docPages.id, page.id),
        eq(docPages.version, page.version),
      ),
    )
    .returning();
  if (!saved)
    throw await staleSave(db, await findPage(db, input.workspaceId, page.id), page.version);
  await recordVersion(db, saved, input.userId);
  return saved;
}

/** Deletes a page with all its sub-pages, versions and links; says how many pages went. */
