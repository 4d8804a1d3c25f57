import { inArray } from "drizzle-orm";
import { users } from "../../../platform/auth/auth.schema.ts";
import type { Db } from "../../../platform/db/database.ts";
import type { DemoSeeder } from "../../demo/demo.service.ts";
import { docLinks, docPages, docVersions } from "../projects.schema.ts";
import { demoPages } from "./demo-pages.ts";
import type { DocKind, LinkKind } from "./docs.zod.ts";

/** A page as the demo seeds it: each version in order, the last one current. */
export interface DemoPage {
  key: string;
  parentKey?: string;
  kind: DocKind;
  versions: { title: string; body: string; author: string; daysAgo: number }[];
  links?: { kind: LinkKind; target: string; title: string }[];
}

const DAY_MS = 86_400_000;

/** The demo teammates' ids by email, with the owner standing in for anyone missing. */
async function authorsOf(db: Db, ownerUserId: string, pages: DemoPage[]) {
  const emails = [...new Set(pages.flatMap((p) => p.versions.map((v) => v.author)))];
  const rows = await db
    .select({ id: users.id, email: users.email })
    .from(users)
    .where(inArray(users.email, emails));
  const byEmail = new Map(rows.map((r) => [r.email, r.id]));
  return (email: string) => byEmail.get(email) ?? ownerUserId;
}

/**
 * Demo wiki: an on-call runbook with a triage diagram, an incident playbook, the post-mortem of
 * the demo's runaway Lambda (the cost anomaly of costs/demo.ts) and an ADR with three versions,
 * written as a small agency would. Links tie them to the demo resources and alert names.
 */
export const seedDemoDocs: DemoSeeder = async (db, { workspaceId, ownerUserId }) => {
  const now = Date.now();
  const pages = demoPages(new Date(now));
  const authorOf = await authorsOf(db, ownerUserId, pages);
  const ids = new Map<string, string>();
  const positions = new Map<string, number>();
  for (const page of pages) {
    const parentId = page.parentKey ? ids.get(page.parentKey)! : null;
    const siblingsKey = page.parentKey ?? "";
    const position = positions.get(siblingsKey) ?? 0;
    positions.set(siblingsKey, position + 1);
    const first = page.versions[0]!;
    const last = page.versions.at(-1)!;
    const at = (daysAgo: number) => new Date(now - daysAgo * DAY_MS);
    const [row] = await db
      .insert(docPages)
      .values({
        workspaceId,
        parentId,
        title: last.title,
        body: last.body,
        kind: page.kind,
        position,
        version: page.versions.length,
        createdBy: authorOf(first.author),
        updatedBy: authorOf(last.author),
        createdAt: at(first.daysAgo),
        updatedAt: at(last.daysAgo),
      })
      .returning({ id: docPages.id });
    ids.set(page.key, row!.id);
    await db.insert(docVersions).values(
      page.versions.map((v, i) => ({
        workspaceId,
        pageId: row!.id,
        version: i + 1,
        title: v.title,
        body: v.body,
        authorId: authorOf(v.author),
        createdAt: at(v.daysAgo),
      })),
    );
    if (page.links?.length)
      await db
        .insert(docLinks)
        .values(page.links.map((link) => ({ workspaceId, pageId: row!.id, ...link })));
  }
};
