// Incremental (re)indexing of one workspace: every item's text is hashed, and only items whose
// hash differs from the stored one (or that have no vector yet) are sent to the model, in
// batches. Vectors of items that are gone are deleted. Running it twice in a row embeds nothing.

import { createHash } from "node:crypto";
import type { Db } from "../../platform/db/database.ts";
import type { Embedder } from "./embedder.ts";
import { EMBEDDING_KINDS, type EmbeddingKind } from "./search.schema.ts";
import { readSourcePage, type SourceItem } from "./sources.ts";
import { deleteVectors, normalise, storedHashes, upsertVectors } from "./vector-store.ts";

const PAGE = 500;
/** Texts per model call: large enough to amortise, small enough to bound memory. */
export const EMBED_BATCH = 32;

export interface IndexResult {
  embedded: number;
  unchanged: number;
  deleted: number;
}

export const contentHash = (text: string) => createHash("sha256").update(text).digest("hex");

async function embedAndStore(
  db: Db,
  embedder: Embedder,
  workspaceId: string,
  kind: EmbeddingKind,
  items: (SourceItem & { hash: string })[],
  signal?: AbortSignal,
) {
  for (let i = 0; i < items.length; i += EMBED_BATCH) {
    signal?.throwIfAborted();
    const batch = items.slice(i, i + EMBED_BATCH);
    const vectors = await embedder.embed(batch.map((b) => b.text));
    await upsertVectors(
      db,
      workspaceId,
      embedder.model,
      batch.map((b, j) => ({
        kind,
        refId: b.id,
        contentHash: b.hash,
        title: b.title,
        snippet: b.snippet,
        vector: normalise(vectors[j]!),
      })),
    );
  }
}

/** Brings one kind's vectors up to date with its source table. */
async function indexKind(
  db: Db,
  embedder: Embedder,
  workspaceId: string,
  kind: EmbeddingKind,
  signal?: AbortSignal,
): Promise<IndexResult> {
  const stored = await storedHashes(db, workspaceId, kind, embedder.model);
  const result: IndexResult = { embedded: 0, unchanged: 0, deleted: 0 };
  let afterId: string | undefined;
  for (;;) {
    const page = await readSourcePage(db, workspaceId, kind, { afterId, limit: PAGE });
    if (page.length === 0) break;
    afterId = page[page.length - 1]!.id;
    const changed: (SourceItem & { hash: string })[] = [];
    for (const item of page) {
      const hash = contentHash(item.text);
      if (stored.get(item.id) === hash) result.unchanged++;
      else changed.push({ ...item, hash });
      stored.delete(item.id);
    }
    await embedAndStore(db, embedder, workspaceId, kind, changed, signal);
    result.embedded += changed.length;
  }
  // What is left in `stored` was not seen in the source: the item was deleted.
  result.deleted = await deleteVectors(db, workspaceId, kind, [...stored.keys()]);
  return result;
}

/** Re-embeds what changed in a workspace (all kinds, or the given ones). */
export async function indexWorkspace(
  db: Db,
  embedder: Embedder,
  workspaceId: string,
  opts: { kinds?: readonly EmbeddingKind[]; signal?: AbortSignal } = {},
): Promise<IndexResult> {
  const total: IndexResult = { embedded: 0, unchanged: 0, deleted: 0 };
  for (const kind of opts.kinds ?? EMBEDDING_KINDS) {
    const r = await indexKind(db, embedder, workspaceId, kind, opts.signal);
    total.embedded += r.embedded;
    total.unchanged += r.unchanged;
    total.deleted += r.deleted;
  }
  return total;
}

/** Embeds one item now (a "similar to" query on an item the job has not reached yet). */
export async function indexItem(
  db: Db,
  embedder: Embedder,
  workspaceId: string,
  kind: EmbeddingKind,
  id: string,
): Promise<number[] | undefined> {
  const [item] = await readSourcePage(db, workspaceId, kind, { ids: [id], limit: 1 });
  if (!item) return undefined;
  const [raw] = await embedder.embed([item.text]);
  const vector = normalise(raw!);
  const hash = contentHash(item.text);
  await upsertVectors(db, workspaceId, embedder.model, [
    { kind, refId: id, contentHash: hash, title: item.title, snippet: item.snippet, vector },
  ]);
  return vector;
}
