// What each kind of item says when embedded. Read-only projections of the wiki, log pattern and
// inventory tables, read a page at a time (keyset on id) so a large workspace never sits in
// memory at once. The text leads with what a person would search by: title, type, service.

import { and, asc, eq, gt, inArray, isNull } from "drizzle-orm";
import type { Db } from "../../platform/db/database.ts";
import { docPages, logPatterns, resources } from "../../platform/db/schema.ts";
import type { EmbeddingKind } from "./search.schema.ts";

export interface SourceItem {
  id: string;
  title: string;
  snippet: string;
  /** What the model embeds. */
  text: string;
}

/** The model reads a few hundred words at most; longer bodies only cost time. */
const MAX_TEXT = 2_000;
const SNIPPET = 200;

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** Markdown to plain text, roughly: enough for a snippet and for the model. */
function plain(markdown: string): string {
  return markdown
    .replace(/```[\s\S]*?```/g, " ")
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/[#>*_`|~-]+/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

type DocRow = { id: string; title: string; body: string; kind: string };
type PatternRow = { id: string; service: string; template: string; level: string; example: string };
type ResourceRow = {
  id: string;
  name: string;
  type: string;
  provider: string;
  region: string;
  state: string | null;
  tags: Record<string, string>;
};

function docItem(r: DocRow): SourceItem {
  const body = plain(r.body);
  return {
    id: r.id,
    title: r.title,
    snippet: clip(body, SNIPPET),
    text: clip(`${r.title}. ${r.kind === "page" ? "" : `${r.kind}. `}${body}`, MAX_TEXT),
  };
}

function patternItem(r: PatternRow): SourceItem {
  // Variable positions say nothing about meaning: drop the miner's placeholders.
  const words = r.template.replace(/<\*>/g, " ").replace(/\s+/g, " ").trim();
  return {
    id: r.id,
    title: clip(r.template, 160),
    snippet: clip(`${r.service} · ${r.level} · ${r.example}`, SNIPPET),
    text: clip(`${words} (${r.service})`, MAX_TEXT),
  };
}

function resourceItem(r: ResourceRow): SourceItem {
  const tags = Object.entries(r.tags ?? {})
    .map(([k, v]) => (v ? `${k}=${v}` : k))
    .join(", ");
  const where = `${r.provider} ${r.type} in ${r.region}${r.state ? `, ${r.state}` : ""}`;
  return {
    id: r.id,
    title: r.name,
    snippet: clip(tags ? `${where} · ${tags}` : where, SNIPPET),
    text: clip(`${r.name}. ${where}. ${tags}`, MAX_TEXT),
  };
}

/** One page of a kind's items after `afterId` (ids ascending), or the given ids only. */
export async function readSourcePage(
  db: Db,
  workspaceId: string,
  kind: EmbeddingKind,
  opts: { afterId?: string; ids?: string[]; limit: number },
): Promise<SourceItem[]> {
  if (kind === "doc") {
    const rows = await db
      .select({ id: docPages.id, title: docPages.title, body: docPages.body, kind: docPages.kind })
      .from(docPages)
      .where(
        and(
          eq(docPages.workspaceId, workspaceId),
          opts.afterId ? gt(docPages.id, opts.afterId) : undefined,
          opts.ids ? inArray(docPages.id, opts.ids) : undefined,
        ),
      )
      .orderBy(asc(docPages.id))
      .limit(opts.limit);
    return rows.map(docItem);
  }
  if (kind === "pattern") {
    const p = logPatterns;
    const rows = await db
      .select({
        id: p.id,
        service: p.service,
        template: p.template,
        level: p.level,
        example: p.example,
      })
      .from(p)
      .where(
        and(
          eq(p.workspaceId, workspaceId),
          opts.afterId ? gt(p.id, opts.afterId) : undefined,
          opts.ids ? inArray(p.id, opts.ids) : undefined,
        ),
      )
      .orderBy(asc(p.id))
      .limit(opts.limit);
    return rows.map(patternItem);
  }
  const r = resources;
  const rows = await db
    .select({
      id: r.id,
      name: r.name,
      type: r.type,
      provider: r.provider,
      region: r.region,
      state: r.state,
      tags: r.tags,
    })
    .from(r)
    .where(
      and(
        eq(r.workspaceId, workspaceId),
        isNull(r.deletedAt),
        opts.afterId ? gt(r.id, opts.afterId) : undefined,
        opts.ids ? inArray(r.id, opts.ids) : undefined,
      ),
    )
    .orderBy(asc(r.id))
    .limit(opts.limit);
  return rows.map(resourceItem);
}

/** How many items of every kind a workspace has to index (the progress a switch shows). */
export async function countSourceItems(db: Db, workspaceId: string): Promise<number> {
  // One after another: inside a transaction the queries share one connection.
  const docs = await db.$count(docPages, eq(docPages.workspaceId, workspaceId));
  const patterns = await db.$count(logPatterns, eq(logPatterns.workspaceId, workspaceId));
  const live = and(eq(resources.workspaceId, workspaceId), isNull(resources.deletedAt));
  return docs + patterns + (await db.$count(resources, live));
}
