import { and, asc, eq } from "drizzle-orm";
import type { Db } from "../db/database.ts";
import { notFound } from "../errors.ts";
import { secrets } from "./secrets.schema.ts";
import { decryptSecret, encryptSecret, maskSecret, type VaultKey } from "./vault.ts";

export type SecretsService = ReturnType<typeof createSecretsService>;

const contextOf = (workspaceId: string, name: string) => `${workspaceId}/${name}`;

/** Workspace secrets: sealed at rest, listed masked, revealed only to server-side code. */
export function createSecretsService({
  key,
  previousKeys = [],
}: {
  key: VaultKey;
  previousKeys?: VaultKey[];
}) {
  const keys = [key, ...previousKeys];
  const toView = (row: typeof secrets.$inferSelect) => ({
    id: row.id,
    name: row.name,
    description: row.description,
    masked: maskSecret(row.hint),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  });

  return {
    async list(db: Db, workspaceId: string) {
      const rows = await db
        .select()
        .from(secrets)
        .where(eq(secrets.workspaceId, workspaceId))
        .orderBy(asc(secrets.name));
      return rows.map(toView);
    },

    /** Creates or replaces a secret by name. */
    async set(
      db: Db,
      workspaceId: string,
      input: { name: string; value: string; description?: string },
    ) {
      const now = new Date();
      const values = {
        ciphertext: encryptSecret(key, input.value, contextOf(workspaceId, input.name)),
        keyId: key.id,
        hint: input.value.length >= 12 ? input.value.slice(-4) : "",
        description: input.description ?? null,
        updatedAt: now,
      };
      const [row] = await db
        .insert(secrets)
        .values({ workspaceId, name: input.name, ...values })
        .onConflictDoUpdate({ target: [secrets.workspaceId, secrets.name], set: values })
        .returning();
      return toView(row!);
    },

    /** The secret of that name (never its value), if the workspace has one. */
    async find(db: Db, workspaceId: string, name: string) {
      const [row] = await db
        .select()
        .from(secrets)
        .where(and(eq(secrets.workspaceId, workspaceId), eq(secrets.name, name)));
      return row ? toView(row) : undefined;
    },

    /** Deletes the secret of that name if there is one; says whether there was. */
    async removeNamed(db: Db, workspaceId: string, name: string): Promise<boolean> {
      const rows = await db
        .delete(secrets)
        .where(and(eq(secrets.workspaceId, workspaceId), eq(secrets.name, name)))
        .returning({ id: secrets.id });
      return rows.length > 0;
    },

    async remove(db: Db, workspaceId: string, id: string) {
      const rows = await db
        .delete(secrets)
        .where(and(eq(secrets.workspaceId, workspaceId), eq(secrets.id, id)))
        .returning({ id: secrets.id });
      if (rows.length === 0) throw notFound("Secret");
    },

    /** The plain value, for connectors and notifiers on the server; never for API output. */
    async reveal(db: Db, workspaceId: string, name: string): Promise<string> {
      const [row] = await db
        .select()
        .from(secrets)
        .where(and(eq(secrets.workspaceId, workspaceId), eq(secrets.name, name)));
      if (!row) throw notFound(`Secret ${name}`);
      return decryptSecret(keys, row.ciphertext, contextOf(workspaceId, name));
    },

    /** Re-seals every value under the current key (after GLASSPANE_SECRET_KEY rotation). */
    async rotate(db: Db): Promise<number> {
      const rows = await db.select().from(secrets);
      let count = 0;
      for (const row of rows) {
        if (row.keyId === key.id) continue;
        const context = contextOf(row.workspaceId, row.name);
        const plain = decryptSecret(keys, row.ciphertext, context);
        await db
          .update(secrets)
          .set({ ciphertext: encryptSecret(key, plain, context), keyId: key.id })
          .where(eq(secrets.id, row.id));
        count++;
      }
      return count;
    },
  };
}
