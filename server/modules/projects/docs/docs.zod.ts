import { z } from "zod";
import { zId, zTimestamp } from "../../../platform/operations/zod.ts";

export const DOC_KINDS = ["page", "runbook", "playbook", "postmortem", "adr"] as const;
export type DocKind = (typeof DOC_KINDS)[number];

export const LINK_KINDS = ["resource", "alert", "task", "url"] as const;
export type LinkKind = (typeof LINK_KINDS)[number];

/** About 200 KB of Markdown: a long runbook is a few KB; more is a pasted log, not a page. */
export const MAX_BODY_CHARS = 200_000;

export const zDocTitle = z
  .string()
  .trim()
  .min(1, "must not be empty")
  .max(200, "must be at most 200 characters");

export const zDocBody = z
  .string()
  .max(MAX_BODY_CHARS, `must be at most ${MAX_BODY_CHARS} characters`)
  .describe("Markdown (GitHub-flavoured); ```mermaid blocks are drawn as diagrams");

export const zDocKind = z
  .enum(DOC_KINDS)
  .describe("page | runbook | playbook | postmortem | adr: how the page is shown and filtered");

export const zVersionNumber = z.number().int().min(1);

export const zPerson = z.object({ id: zId, name: z.string() }).nullable();

export const zTreeEntry = z.object({
  id: zId,
  parentId: zId.nullable(),
  title: z.string(),
  kind: zDocKind,
  position: z.number().int(),
  updatedAt: zTimestamp,
});

export const zDocLink = z.object({
  id: zId,
  pageId: zId,
  kind: z.enum(LINK_KINDS),
  target: z.string(),
  title: z.string().nullable(),
  createdAt: zTimestamp,
});

export const zDocPage = z.object({
  id: zId,
  parentId: zId.nullable(),
  projectId: zId.nullable(),
  title: z.string(),
  body: z.string(),
  kind: zDocKind,
  position: z.number().int(),
  version: zVersionNumber.describe("The version shown: the current one unless one was asked for"),
  currentVersion: zVersionNumber.describe("Send this as baseVersion when saving"),
  createdAt: zTimestamp,
  updatedAt: zTimestamp,
  createdBy: zPerson,
  updatedBy: zPerson.describe("Who saved the current version"),
  versionAuthor: zPerson.describe("Who saved the version shown"),
  versionCreatedAt: zTimestamp,
  path: z.array(z.object({ id: zId, title: z.string() })).describe("Ancestors, root first"),
  children: z.array(z.object({ id: zId, title: z.string(), kind: zDocKind })),
  descendantCount: z.number().int().describe("Pages a delete would remove with this one"),
  links: z.array(zDocLink),
});

export const zDocVersion = z.object({
  version: zVersionNumber,
  title: z.string(),
  author: zPerson,
  createdAt: zTimestamp,
  isCurrent: z.boolean(),
});

export const zDiffLine = z.object({
  type: z.enum(["context", "added", "removed"]),
  text: z.string(),
  oldNumber: z.number().int().nullable(),
  newNumber: z.number().int().nullable(),
});

export const zDiffHunk = z.object({
  oldStart: z.number().int(),
  oldLines: z.number().int(),
  newStart: z.number().int(),
  newLines: z.number().int(),
  lines: z.array(zDiffLine),
});

export const zDocDiff = z.object({
  from: zVersionNumber,
  to: zVersionNumber,
  title: z.object({ from: z.string(), to: z.string() }).nullable().describe("null: unchanged"),
  added: z.number().int().describe("Lines added to the body"),
  removed: z.number().int().describe("Lines removed from the body"),
  hunks: z.array(zDiffHunk),
});

export const zSnippet = z
  .array(z.object({ text: z.string(), match: z.boolean() }))
  .describe("Text in pieces; the pieces with match=true are the words that matched");

export const zSearchResult = z.object({
  id: zId,
  title: z.string(),
  kind: zDocKind,
  parentId: zId.nullable(),
  rank: z.number(),
  updatedAt: zTimestamp,
  titleSnippet: zSnippet,
  snippet: zSnippet,
});

export const zTemplate = z.object({
  id: z.string(),
  name: z.string(),
  kind: zDocKind,
  description: z.string(),
  body: z.string(),
});

export type DocLinkRow = z.input<typeof zDocLink>;
