import { and, desc, eq, gte, ilike, lt, lte, ne, type SQL } from "drizzle-orm";
import type { Db } from "../db/database.ts";
import { auditLog } from "./audit.schema.ts";

export type AuditEntry = typeof auditLog.$inferInsert;

export interface AuditFilter {
  workspaceId: string;
  action?: string;
  actor?: string;
  outcome?: string;
  from?: Date;
  to?: Date;
  /** Entries with an id below this one (keyset paging, newest first). */
  before?: number;
  limit: number;
}

export type AuditService = ReturnType<typeof createAuditService>;

/** The append-only audit log: written in the same transaction as the change it records. */
export function createAuditService() {
  return {
    async record(db: Db, entry: AuditEntry) {
      await db.insert(auditLog).values(entry);
    },

    /** Newest first, filtered; the audit log has no update or delete. */
    async list(db: Db, filter: AuditFilter) {
      const where: SQL[] = [eq(auditLog.workspaceId, filter.workspaceId)];
      if (filter.action)
        where.push(ilike(auditLog.action, `${filter.action.replace(/[%_]/g, "\\$&")}%`));
      if (filter.actor)
        where.push(ilike(auditLog.actorLabel, `%${filter.actor.replace(/[%_]/g, "\\$&")}%`));
      if (filter.outcome === "ok") where.push(eq(auditLog.outcome, "ok"));
      if (filter.outcome === "error") where.push(ne(auditLog.outcome, "ok"));
      if (filter.from) where.push(gte(auditLog.createdAt, filter.from));
      if (filter.to) where.push(lte(auditLog.createdAt, filter.to));
      if (filter.before) where.push(lt(auditLog.id, filter.before));
      return db
        .select()
        .from(auditLog)
        .where(and(...where))
        .orderBy(desc(auditLog.id))
        .limit(filter.limit);
    },
  };
}
