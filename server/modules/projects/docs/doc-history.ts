import { and, desc, eq } from "drizzle-orm";
import type { Db } from "../../../platform/db/database.ts";
import { docVersions } from "../projects.schema.ts";
import { diffLines } from "./doc-diff.ts";
import { findPage } from "./doc-tree.ts";
import { findVersion, namesOf, personOf } from "./docs.service.ts";

/** Every saved version of a page, newest first, with its author. */
export async function listVersions(db: Db, workspaceId: string, id: string) {
  const page = await findPage(db, workspaceId, id);
  const rows = await db
    .select({
      version: docVersions.version,
      title: docVersions.title,
      authorId: docVersions.authorId,
      createdAt: docVersions.createdAt,
    })
    .from(docVersions)
    .where(and(eq(docVersions.workspaceId, workspaceId), eq(docVersions.pageId, page.id)))
    .orderBy(desc(docVersions.version));
  const names = await namesOf(
    db,
    rows.map((r) => r.authorId),
  );
  return rows.map((r) => ({
    version: r.version,
    title: r.title,
    author: personOf(names, r.authorId),
    createdAt: r.createdAt,
    isCurrent: r.version === page.version,
  }));
}

/** What changed from one version of a page to another: title, and the body line by line. */
export async function diffVersions(
  db: Db,
  workspaceId: string,
  input: { id: string; from: number; to: number },
) {
  const page = await findPage(db, workspaceId, input.id);
  const before = await findVersion(db, page, input.from);
  const after = await findVersion(db, page, input.to);
  return {
    from: input.from,
    to: input.to,
    title: before.title === after.title ? null : { from: before.title, to: after.title },
    ...diffLines(before.body, after.body),
  };
}
