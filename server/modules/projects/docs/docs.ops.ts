import { z } from "zod";
import {
  defineOperation,
  type OperationContext,
  userOf,
  workspaceOf,
} from "../../../platform/operations/define.ts";
import { zId, zOk } from "../../../platform/operations/zod.ts";
import { enqueueIndex } from "../../search/search.jobs.ts";
import { diffVersions, listVersions } from "./doc-history.ts";
import { addLink, pagesForTarget, removeLink } from "./doc-links.ts";
import { searchPages } from "./doc-search.ts";
import { trashPage } from "./doc-trash.ts";
import { type DocPage, listTree, movePage } from "./doc-tree.ts";
import { createPage, pageDetail, restoreVersion, updatePage } from "./docs.service.ts";
import {
  LINK_KINDS,
  zDocBody,
  zDocDiff,
  zDocKind,
  zDocLink,
  zDocPage,
  zDocTitle,
  zDocVersion,
  zSearchResult,
  zTemplate,
  zTreeEntry,
  zVersionNumber,
} from "./docs.zod.ts";
import { TEMPLATE_IDS, TEMPLATES } from "./templates.ts";

const who = (ctx: OperationContext) => userOf(ctx) ?? null;

const treeEntryOf = (page: DocPage) => ({
  id: page.id,
  parentId: page.parentId,
  title: page.title,
  kind: page.kind as z.infer<typeof zDocKind>,
  position: page.position,
  updatedAt: page.updatedAt,
});

/** After a write, the page as docs.get shows it. */
const detailOf = (ctx: OperationContext, page: DocPage) =>
  pageDetail(ctx.db, workspaceOf(ctx), page.id);

export const docsTree = defineOperation({
  name: "docs.tree",
  summary: "Every wiki page of the workspace without its body: build the page tree from parentId",
  input: z.object({}),
  output: z.array(zTreeEntry),
  permission: "docs:read",
  mutates: false,
  handler: async (_input, ctx) =>
    (await listTree(ctx.db, workspaceOf(ctx))).map((p) => ({
      ...p,
      kind: p.kind as z.infer<typeof zDocKind>,
    })),
});

export const docsGet = defineOperation({
  name: "docs.get",
  summary: "One page with its Markdown body, authors, path, sub-pages and links",
  description: "With `version`, the title and body of that saved version instead of the current.",
  input: z.object({ id: zId, version: zVersionNumber.optional() }),
  output: zDocPage,
  permission: "docs:read",
  mutates: false,
  handler: (input, ctx) => pageDetail(ctx.db, workspaceOf(ctx), input.id, input.version),
});

export const docsCreate = defineOperation({
  name: "docs.create",
  summary: "Create a page (optionally from a built-in template), last under its parent",
  input: z.strictObject({
    parentId: zId.nullable().optional().describe("The page to create it under; none: top level"),
    title: zDocTitle,
    body: zDocBody.optional().describe("Markdown; when absent, the template's body"),
    kind: zDocKind.optional().describe("When absent, the template's kind, else page"),
    template: z.enum(TEMPLATE_IDS).optional().describe("A template id from docs.templates"),
    projectId: zId.nullable().optional().describe("The project the page belongs to"),
  }),
  output: zDocPage,
  permission: "docs:write",
  mutates: true,
  example: { title: "Checkout API: on-call runbook", template: "runbook" },
  handler: async (input, ctx) => {
    const page = await createPage(ctx.db, {
      ...input,
      workspaceId: workspaceOf(ctx),
      userId: who(ctx),
    });
    ctx.audit.targetId = page.id;
    await enqueueIndex(ctx.db, ctx.services, workspaceOf(ctx));
    return detailOf(ctx, page);
  },
});

export const docsUpdate = defineOperation({
  name: "docs.update",
  summary: "Save a page as a new version; refused if someone saved since baseVersion",
  description:
    "Send the currentVersion you started editing from as baseVersion. If another person saved in the meantime the save is refused with a conflict naming them and the time; nothing is overwritten.",
  input: z.strictObject({
    id: zId,
    title: zDocTitle.optional(),
    body: zDocBody.optional(),
    kind: zDocKind.optional(),
    baseVersion: zVersionNumber.describe("The version the edit started from"),
  }),
  output: zDocPage,
  permission: "docs:write",
  mutates: true,
  handler: async (input, ctx) => {
    ctx.audit.targetId = input.id;
    const page = await updatePage(ctx.db, {
      ...input,
      workspaceId: workspaceOf(ctx),
      userId: who(ctx),
    });
    // The page's new text is embedded for semantic search soon after (one job per workspace).
    await enqueueIndex(ctx.db, ctx.services, workspaceOf(ctx));
    return detailOf(ctx, page);
  },
});

export const docsMove = defineOperation({
  name: "docs.move",
  summary: "Move a page under another page (or to the top level) at a position among siblings",
  input: z.strictObject({
    id: zId,
    parentId: zId.nullable().describe("The new parent; null: the top level"),
    position: z.number().int().min(0).describe("0-based place among the new siblings"),
  }),
  output: zTreeEntry,
  permission: "docs:write",
  mutates: true,
  handler: async (input, ctx) => {
    ctx.audit.targetId = input.id;
    return treeEntryOf(await movePage(ctx.db, { ...input, workspaceId: workspaceOf(ctx) }));
  },
});

export const docsDelete = defineOperation({
  name: "docs.delete",
  summary: "Move a page with its sub-pages, versions and links to the trash (docs.trash.*)",
  input: z.strictObject({ id: zId }),
  output: zOk.extend({
    title: z.string(),
    deleted: z.number().int().describe("Pages moved to the trash: this one and its sub-pages"),
    subPages: z.number().int(),
  }),
  permission: "docs:write",
  mutates: true,
  handler: async (input, ctx) => {
    ctx.audit.targetId = input.id;
    const deleted = await trashPage(ctx.db, workspaceOf(ctx), input.id, who(ctx));
    return { ok: true as const, ...deleted };
  },
});

export const docsVersions = defineOperation({
  name: "docs.versions",
  summary: "The saved versions of a page, newest first",
  input: z.object({ id: zId }),
  output: z.array(zDocVersion),
  permission: "docs:read",
  mutates: false,
  handler: (input, ctx) => listVersions(ctx.db, workspaceOf(ctx), input.id),
});

export const docsDiff = defineOperation({
  name: "docs.diff",
  summary: "A unified line diff between two versions of a page, with lines added and removed",
  input: z.object({ id: zId, from: zVersionNumber, to: zVersionNumber }),
  output: zDocDiff,
  permission: "docs:read",
  mutates: false,
  handler: (input, ctx) => diffVersions(ctx.db, workspaceOf(ctx), input),
});

export const docsRestore = defineOperation({
  name: "docs.restore",
  summary: "Make an old version the newest one again; the history is kept as it was",
  input: z.strictObject({ id: zId, version: zVersionNumber }),
  output: zDocPage,
  permission: "docs:write",
  mutates: true,
  handler: async (input, ctx) => {
    ctx.audit.targetId = input.id;
    const page = await restoreVersion(ctx.db, {
      ...input,
      workspaceId: workspaceOf(ctx),
      userId: who(ctx),
    });
    return detailOf(ctx, page);
  },
});

export const docsSearch = defineOperation({
  name: "docs.search",
  summary: "Full-text search of titles and bodies, best match first, with highlighted snippets",
  description:
    'Web-search syntax: words, "quoted phrases", OR, -excluded; the last word also matches as a prefix. Odd syntax is never an error.',
  input: z.object({
    q: z.string().max(200, "must be at most 200 characters").describe("What to look for"),
    limit: z.number().int().min(1).max(50).default(20),
  }),
  output: z.array(zSearchResult),
  permission: "docs:read",
  mutates: false,
  handler: (input, ctx) => searchPages(ctx.db, workspaceOf(ctx), input.q, input.limit),
});

const zLinkKind = z
  .enum(LINK_KINDS)
  .describe(
    "resource: a FOCUS ResourceId or inventory id; alert: an alert's id or name; task: a task id; url",
  );

export const docsLinksAdd = defineOperation({
  name: "docs.links.add",
  summary: "Link a page to a resource, an alert, a task or a URL (an alert names its runbook so)",
  input: z.strictObject({
    pageId: zId,
    kind: zLinkKind,
    target: z
      .string()
      .trim()
      .min(1, "must not be empty")
      .max(500, "must be at most 500 characters"),
    title: z.string().trim().max(200, "must be at most 200 characters").optional(),
  }),
  output: zDocLink,
  permission: "docs:write",
  mutates: true,
  handler: async (input, ctx) => {
    ctx.audit.targetId = input.pageId;
    return addLink(ctx.db, { ...input, workspaceId: workspaceOf(ctx) });
  },
});

export const docsLinksRemove = defineOperation({
  name: "docs.links.remove",
  summary: "Remove a link from a page",
  input: z.strictObject({ id: zId.describe("The link's id") }),
  output: zOk,
  permission: "docs:write",
  mutates: true,
  handler: async (input, ctx) => {
    const removed = await removeLink(ctx.db, workspaceOf(ctx), input.id);
    ctx.audit.targetId = removed.pageId;
    return { ok: true as const };
  },
});

export const docsForTarget = defineOperation({
  name: "docs.forTarget",
  summary: "The pages linked to a resource, an alert or a task, runbooks first",
  input: z.object({
    kind: zLinkKind,
    target: z.string().trim().min(1).max(500),
    aliases: z
      .array(z.string().trim().min(1).max(500))
      .max(5)
      .optional()
      .describe(
        "Other names of the same thing (a resource's native id, cost ResourceId and name; an alert rule's id): a page linked under any of them is listed once",
      ),
  }),
  output: z.array(
    zTreeEntry.omit({ parentId: true, position: true }).extend({
      linkId: zId,
      linkTitle: z.string().nullable(),
    }),
  ),
  permission: "docs:read",
  mutates: false,
  handler: (input, ctx) =>
    pagesForTarget(ctx.db, workspaceOf(ctx), input.kind, [input.target, ...(input.aliases ?? [])]),
});

export const docsTemplates = defineOperation({
  name: "docs.templates",
  summary: "The built-in page templates: runbook, incident playbook, post-mortem, ADR",
  input: z.object({}),
  output: z.array(zTemplate),
  permission: "docs:read",
  mutates: false,
  handler: async () => TEMPLATES.map((t) => ({ ...t })),
});

/** The wiki and runbooks operations. */
export const docOperations = [
  docsTree,
  docsGet,
  docsCreate,
  docsUpdate,
  docsMove,
  docsDelete,
  docsVersions,
  docsDiff,
  docsRestore,
  docsSearch,
  docsLinksAdd,
  docsLinksRemove,
  docsForTarget,
  docsTemplates,
] as const;
