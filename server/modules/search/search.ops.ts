import { z } from "zod";
import { invalid } from "../../platform/errors.ts";
import {
  defineOperation,
  type OperationContext,
  workspaceOf,
} from "../../platform/operations/define.ts";
import { roleHas, type WorkspacePermission } from "../../platform/operations/permissions.ts";
import { zId } from "../../platform/operations/zod.ts";
import { EMBEDDING_KINDS, type EmbeddingKind } from "./search.schema.ts";

const zKind = z.enum(EMBEDDING_KINDS);

/** Each kind is shown only to roles that may read its own module. */
const KIND_PERMISSION: Record<EmbeddingKind, WorkspacePermission> = {
  doc: "docs:read",
  pattern: "logs:read",
  resource: "inventory:read",
};

function readableKinds(ctx: OperationContext, asked: readonly EmbeddingKind[]) {
  const role = ctx.membership?.role;
  return asked.filter((k) => !role || roleHas(role, KIND_PERMISSION[k]));
}

const zHit = z.object({
  kind: zKind,
  id: zId.describe("Id of the page (docs.get), pattern (logs.patternLines) or resource"),
  title: z.string(),
  snippet: z.string(),
  score: z.number().describe("Cosine similarity, 1 = same meaning; above ~0.5 is close"),
});

export const searchSimilar = defineOperation({
  name: "search.similar",
  summary:
    "Semantic search: wiki pages and runbooks, log patterns and cloud resources nearest in " +
    "meaning to a sentence or to a given item. Use it to find the runbook for a symptom, logs " +
    "like an error, or resources like one; for exact words use the pages' own searches",
  input: z
    .object({
      text: z.string().trim().min(1).max(2_000).optional().describe("What to look for, in words"),
      kind: zKind.optional().describe("With id: find items like this one"),
      id: zId.optional(),
      kinds: z.array(zKind).min(1).max(3).optional().describe("Only these kinds (default all)"),
      limit: z.coerce.number().int().min(1).max(50).default(10),
    })
    .superRefine((v, issue) => {
      const byItem = v.kind !== undefined || v.id !== undefined;
      if (byItem && (v.kind === undefined || v.id === undefined)) {
        issue.addIssue({
          code: "custom",
          path: [v.kind ? "id" : "kind"],
          message: "give kind and id together",
        });
      }
      if (byItem === (v.text !== undefined)) {
        issue.addIssue({
          code: "custom",
          path: ["text"],
          message: "give either text or kind and id",
        });
      }
    }),
  output: z.object({
    items: z.array(zHit),
    model: z.string().describe("The embedding model the ranking used"),
    path: z.enum(["pgvector", "exact"]).describe("pgvector's index operator or an exact scan"),
  }),
  permission: "search:read",
  mutates: false,
  example: { text: "disk is full on the database server", limit: 5 },
  handler: async (input, ctx) => {
    const search = ctx.services.search;
    const kinds = readableKinds(ctx, input.kinds ?? EMBEDDING_KINDS);
    if (input.kind && readableKinds(ctx, [input.kind]).length === 0) {
      throw invalid("kind", "your role cannot read this kind of item");
    }
    const workspaceId = workspaceOf(ctx);
    const { items, model } = kinds.length
      ? await search.similar(ctx.db, workspaceId, {
          text: input.text,
          item: input.kind && input.id ? { kind: input.kind, id: input.id } : undefined,
          kinds,
          limit: input.limit,
        })
      : { items: [], model: await search.indexModel(ctx.db, workspaceId) };
    return {
      items: items.map((i) => ({
        kind: i.kind,
        id: i.refId,
        title: i.title,
        snippet: i.snippet,
        score: i.score,
      })),
      model,
      path: await search.rankingPath(ctx.db),
    };
  },
});

export const searchReindex = defineOperation({
  name: "search.reindex",
  summary:
    "Bring the workspace's semantic search index up to date now: embed new and changed pages, " +
    "patterns and resources, drop deleted ones (a background job also does this every few minutes)",
  input: z.strictObject({
    kinds: z.array(zKind).min(1).max(3).optional().describe("Only these kinds (default all)"),
  }),
  output: z.object({
    embedded: z.number().int().describe("Items embedded (new or changed)"),
    unchanged: z.number().int(),
    deleted: z.number().int().describe("Vectors of deleted items removed"),
  }),
  permission: "search:manage",
  mutates: true,
  handler: async (input, ctx) => {
    const workspaceId = workspaceOf(ctx);
    ctx.audit.targetId = workspaceId;
    return ctx.services.search.reindex(ctx.db, workspaceId, { kinds: input.kinds });
  },
});

export const searchOperations = [searchSimilar, searchReindex] as const;
