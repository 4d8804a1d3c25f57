import { and, eq } from "drizzle-orm";
import type { HostKeyStore } from "../../../connectors/types.ts";
import type { Db } from "../../../platform/db/database.ts";
import { hostKeys } from "./host-keys.schema.ts";

/** The host key record of one connector, as the hosts connector reads and writes it. */
export function hostKeyStore(db: Db, workspaceId: string, connectorId: string): HostKeyStore {
  return {
    async get() {
      const [row] = await db
        .select()
        .from(hostKeys)
        .where(and(eq(hostKeys.workspaceId, workspaceId), eq(hostKeys.connectorId, connectorId)));
      return row ?? null;
    },
    async record(key) {
      // First writer wins: two concurrent first connections cannot both record a key.
      const inserted = await db
        .insert(hostKeys)
        .values({ workspaceId, connectorId, ...key })
        .onConflictDoNothing()
        .returning();
      if (inserted.length === 0) {
        const [row] = await db.select().from(hostKeys).where(eq(hostKeys.connectorId, connectorId));
        if (row && row.fingerprint !== key.fingerprint)
          throw new Error(
            `The SSH host key of ${key.host}:${key.port} was recorded as ${row.fingerprint} meanwhile; now offered ${key.fingerprint}`,
          );
      }
    },
  };
}

export async function hostKeyOf(db: Db, workspaceId: string, connectorId: string) {
  const [row] = await db
    .select()
    .from(hostKeys)
    .where(and(eq(hostKeys.workspaceId, workspaceId), eq(hostKeys.connectorId, connectorId)));
  return row ?? null;
}

/** Forgets the recorded key: the next connection records whatever the host offers. */
export async function resetHostKey(db: Db, workspaceId: string, connectorId: string) {
  const removed = await db
    .delete(hostKeys)
    .where(and(eq(hostKeys.workspaceId, workspaceId), eq(hostKeys.connectorId, connectorId)))
    .returning();
  return removed[0] ?? null;
}
