import { and, asc, desc, eq, inArray } from "drizzle-orm";
import type { Db } from "../../../platform/db/database.ts";
import { conflict, invalid, notFound } from "../../../platform/errors.ts";
import { docLinks, docPages, projects, tasks } from "../projects.schema.ts";
import { findPage } from "./doc-tree.ts";
import type { DocKind, LinkKind } from "./docs.zod.ts";

const LINK_NOUN: Record<LinkKind, string> = {
  resource: "resource",
  alert: "alert",
  task: "task",
  url: "URL",
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The page's links, by kind then in the order they were added. */
export async function linksOf(db: Db, workspaceId: string, pageId: string) {
  const rows = await db
    .select()
    .from(docLinks)
    .where(and(eq(docLinks.workspaceId, workspaceId), eq(docLinks.pageId, pageId)))
    .orderBy(asc(docLinks.kind), asc(docLinks.createdAt), asc(docLinks.id));
  return rows.map(({ workspaceId: _, ...link }) => ({ ...link, kind: link.kind as LinkKind }));
}

/** A task's "WEB-12 Title", checking it is one of this workspace's tasks. */
async function taskLabel(db: Db, workspaceId: string, taskId: string): Promise<string> {
  const [task] = UUID.test(taskId)
    ? await db
        .select({ key: projects.key, number: tasks.number, title: tasks.title })
        .from(tasks)
        .innerJoin(projects, eq(projects.id, tasks.projectId))
        .where(and(eq(tasks.workspaceId, workspaceId), eq(tasks.id, taskId)))
    : [];
  if (!task) throw notFound("Task");
  return `${task.key}-${task.number} ${task.title}`;
}

/** The target as stored: a task's id, an http(s) URL, or a resource or alert's id or name. */
function normalisedTarget(kind: LinkKind, target: string): string {
  const value = target.trim();
  if (kind === "url") {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      throw invalid("target", "must be a full URL such as https://status.example.com");
    }
    if (url.protocol !== "https:" && url.protocol !== "http:")
      throw invalid("target", "must be an http or https URL");
    return url.toString();
  }
  if (kind === "task") return value.toLowerCase();
  return value;
}

/** Links a page to a resource, an alert, a task or a URL; a task must be in the workspace. */
export async function addLink(
  db: Db,
  input: { workspaceId: string; pageId: string; kind: LinkKind; target: string; title?: string },
) {
  const { workspaceId, kind } = input;
  const page = await findPage(db, workspaceId, input.pageId);
  const target = normalisedTarget(kind, input.target);
  const title =
    input.title?.trim() || (kind === "task" ? await taskLabel(db, workspaceId, target) : null);
  const [link] = await db
    .insert(docLinks)
    .values({ workspaceId, pageId: page.id, kind, target, title })
    .onConflictDoNothing()
    .returning();
  if (!link) throw conflict(`“${page.title}” already links to this ${LINK_NOUN[kind]}`);
  const { workspaceId: _, ...shown } = link;
  return { ...shown, kind };
}

/** Removes one link of a page. */
export async function removeLink(db: Db, workspaceId: string, id: string) {
  const [removed] = await db
    .delete(docLinks)
    .where(and(eq(docLinks.workspaceId, workspaceId), eq(docLinks.id, id)))
    .returning({ id: docLinks.id, pageId: docLinks.pageId });
  if (!removed) throw notFound("Link");
  return removed;
}

/**
 * The pages linked to a resource, an alert or a task: "which runbook do I open for this?".
 * `targets` are the names the thing goes by (a resource's inventory id, native id, cost id and
 * name; an alert rule's name and id): a page linked under any of them is listed once.
 */
export async function pagesForTarget(
  db: Db,
  workspaceId: string,
  kind: LinkKind,
  targets: readonly string[],
) {
  const lookups = [...new Set(targets.map((t) => normalisedTargetForLookup(kind, t)))];
  if (lookups.length === 0) return [];
  const rows = await db
    .select({
      id: docPages.id,
      title: docPages.title,
      kind: docPages.kind,
      updatedAt: docPages.updatedAt,
      linkId: docLinks.id,
      linkTitle: docLinks.title,
    })
    .from(docLinks)
    .innerJoin(docPages, eq(docPages.id, docLinks.pageId))
    .where(
      and(
        eq(docLinks.workspaceId, workspaceId),
        eq(docPages.workspaceId, workspaceId),
        eq(docLinks.kind, kind),
        inArray(docLinks.target, lookups),
      ),
    )
    .orderBy(desc(docPages.updatedAt), asc(docLinks.id));
  // A page linked under two of the names is listed once.
  const pages = [...new Map(rows.reverse().map((r) => [r.id, r])).values()].reverse();
  // Runbooks and playbooks first: they are what a person paged by an alert wants.
  const order: DocKind[] = ["runbook", "playbook", "postmortem", "adr", "page"];
  return pages
    .map((r) => ({ ...r, kind: r.kind as DocKind }))
    .sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind));
}

/** Lookups never refuse: a malformed URL simply matches nothing. */
function normalisedTargetForLookup(kind: LinkKind, target: string): string {
  try {
    return normalisedTarget(kind, target);
  } catch {
    return target.trim();
  }
}
