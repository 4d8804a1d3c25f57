import { and, desc, eq, isNull } from "drizzle-orm";
import { generateToken, hashToken } from "../../../platform/auth/tokens.ts";
import type { Db } from "../../../platform/db/database.ts";
import { AppError, invalid, notFound } from "../../../platform/errors.ts";
import { resourceOf } from "../../inventory/resource.service.ts";
import { ingestKeys } from "./ingest.schema.ts";
import { syslogPortProblem } from "./syslog-port.ts";

/** Published on the instance channel when keys change, so syslog listeners resync. */
export const INGEST_KEYS_CHANGED = "ingest.keys.changed";

export type IngestKeyRow = typeof ingestKeys.$inferSelect;

/** What an authenticated ingest request acts as. */
export interface IngestSource {
  keyId: string;
  workspaceId: string;
  defaultService: string;
  resourceId: string | null;
}

/** The public view of a key: never its hash or value. */
export function ingestKeyView(row: IngestKeyRow) {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    defaultService: row.defaultService,
    resourceId: row.resourceId,
    syslogPort: row.syslogPort,
    syslogError: row.syslogError,
    createdAt: row.createdAt,
    lastUsedAt: row.lastUsedAt,
  };
}

/** Creates a key; returns the row and the key, which is not stored and cannot be shown again. */
export async function createIngestKey(
  db: Db,
  workspaceId: string,
  input: { name: string; defaultService: string; resourceId?: string; syslogPort?: number },
  /** The address the syslog listeners bind (config.host). */
  listenHost: string,
) {
  if (input.resourceId) await resourceOf(db, workspaceId, input.resourceId);
  if (input.syslogPort !== undefined) {
    const [taken] = await db
      .select({ id: ingestKeys.id })
      .from(ingestKeys)
      .where(and(eq(ingestKeys.syslogPort, input.syslogPort), isNull(ingestKeys.revokedAt)));
    if (taken) throw invalid("syslogPort", `port ${input.syslogPort} is already another key's`);
    // Taken by another program (or not allowed): the key would receive nothing. Said now, not
    // only in the server's log.
    const problem = await syslogPortProblem(listenHost, input.syslogPort);
    if (problem) throw invalid("syslogPort", problem);
  }
  const key = generateToken("gpk");
  const [row] = await db
    .insert(ingestKeys)
    .values({
      workspaceId,
      name: input.name,
      prefix: key.slice(0, 10),
      keyHash: hashToken(key),
      defaultService: input.defaultService,
      resourceId: input.resourceId ?? null,
      syslogPort: input.syslogPort ?? null,
    })
    .returning();
  return { row: row!, key };
}

/** The workspace's active keys, newest first. */
export function listIngestKeys(db: Db, workspaceId: string) {
  return db
    .select()
    .from(ingestKeys)
    .where(and(eq(ingestKeys.workspaceId, workspaceId), isNull(ingestKeys.revokedAt)))
    .orderBy(desc(ingestKeys.createdAt));
}

/** Revokes a key of the workspace; another workspace's id is "not found". */
export async function revokeIngestKey(db: Db, workspaceId: string, id: string) {
  const rows = await db
    .update(ingestKeys)
    .set({ revokedAt: new Date() })
    .where(
      and(
        eq(ingestKeys.id, id),
        eq(ingestKeys.workspaceId, workspaceId),
        isNull(ingestKeys.revokedAt),
      ),
    )
    .returning({ id: ingestKeys.id });
  if (rows.length === 0) throw notFound("Ingest key");
}

function sourceOf(row: IngestKeyRow): IngestSource {
  return {
    keyId: row.id,
    workspaceId: row.workspaceId,
    defaultService: row.defaultService,
    resourceId: row.resourceId,
  };
}

/** Keys are looked up per request; a short cache keeps that off the database under load. */
const CACHE_MS = 5_000;

/**
 * Authenticates ingest keys with a few seconds of caching: a revoked key stops working within
 * CACHE_MS on every instance without a cache-invalidation protocol.
 */
export function createIngestKeyAuth(db: Db, now: () => number = Date.now) {
  const cache = new Map<string, { source: IngestSource | null; until: number }>();
  const lastTouched = new Map<string, number>();
  return {
    async authenticate(key: string | undefined): Promise<IngestSource> {
      if (!key?.startsWith("gpk_"))
        throw new AppError("unauthenticated", "Send an ingest key: Authorization: Bearer gpk_…");
      const hash = hashToken(key);
      let hit = cache.get(hash);
      if (!hit || hit.until < now()) {
        const [row] = await db
          .select()
          .from(ingestKeys)
          .where(and(eq(ingestKeys.keyHash, hash), isNull(ingestKeys.revokedAt)));
        hit = { source: row ? sourceOf(row) : null, until: now() + CACHE_MS };
        if (cache.size > 10_000) cache.clear();
        cache.set(hash, hit);
      }
      if (!hit.source)
        throw new AppError("unauthenticated", "The ingest key is unknown or revoked");
      await this.touch(hit.source.keyId);
      return hit.source;
    },
    /** Records last use at most once a minute per key. */
    async touch(keyId: string) {
      const last = lastTouched.get(keyId) ?? 0;
      if (now() - last < 60_000) return;
      lastTouched.set(keyId, now());
      await db.update(ingestKeys).set({ lastUsedAt: new Date() }).where(eq(ingestKeys.id, keyId));
    },
    /** Active keys with a syslog port, for the listeners. */
    async syslogSources(): Promise<Array<IngestSource & { port: number }>> {
      const rows = await db.select().from(ingestKeys).where(isNull(ingestKeys.revokedAt));
      return rows
        .filter((r) => r.syslogPort !== null)
        .map((r) => ({ ...sourceOf(r), port: r.syslogPort! }));
    },
    /** Why the key's syslog listener is not (wholly) open on this server, or null once it is. */
    async reportSyslogError(keyId: string, error: string | null) {
      await db.update(ingestKeys).set({ syslogError: error }).where(eq(ingestKeys.id, keyId));
    },
  };
}

export type IngestKeyAuth = ReturnType<typeof createIngestKeyAuth>;
