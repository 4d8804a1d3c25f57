import { and, desc, eq, sql } from "drizzle-orm";
import type { Db } from "../../../platform/db/database.ts";
import { notFound } from "../../../platform/errors.ts";
import { assertMember, projectIn } from "../tasks/task-state.ts";
import { risks } from "./planning.schema.ts";

export type Risk = typeof risks.$inferSelect;

export interface RiskFields {
  title?: string;
  description?: string;
  likelihood?: number;
  impact?: number;
  ownerId?: string | null;
  mitigation?: string;
  status?: "open" | "mitigating" | "accepted" | "closed";
  reviewDate?: string | null;
}

async function riskIn(db: Db, workspaceId: string, id: string) {
  const [row] = await db
    .select()
    .from(risks)
    .where(and(eq(risks.workspaceId, workspaceId), eq(risks.id, id)));
  if (!row) throw notFound("Risk");
  return row;
}

export async function createRisk(
  db: Db,
  workspaceId: string,
  input: RiskFields & { projectId: string; title: string; likelihood: number; impact: number },
) {
  await projectIn(db, workspaceId, input.projectId);
  if (input.ownerId) await assertMember(db, workspaceId, input.ownerId, "ownerId");
  const [row] = await db
    .insert(risks)
    .values({ ...input, workspaceId })
    .returning();
  return row as Risk;
}

export async function updateRisk(db: Db, workspaceId: string, id: string, fields: RiskFields) {
  await riskIn(db, workspaceId, id);
  if (fields.ownerId) await assertMember(db, workspaceId, fields.ownerId, "ownerId");
  const [row] = await db
    .update(risks)
    .set({ ...fields, updatedAt: new Date() })
    .where(and(eq(risks.workspaceId, workspaceId), eq(risks.id, id)))
    .returning();
  return row as Risk;
}

export async function deleteRisk(db: Db, workspaceId: string, id: string) {
  await riskIn(db, workspaceId, id);
  await db.delete(risks).where(and(eq(risks.workspaceId, workspaceId), eq(risks.id, id)));
}

/** The register, highest exposure (likelihood × impact) first. */
export async function listRisks(
  db: Db,
  workspaceId: string,
  filter: { projectId?: string; includeClosed: boolean },
) {
  const conditions = [eq(risks.workspaceId, workspaceId)];
  if (filter.projectId) conditions.push(eq(risks.projectId, filter.projectId));
  if (!filter.includeClosed) conditions.push(sql`${risks.status} <> 'closed'`);
  return db
    .select()
    .from(risks)
    .where(and(...conditions))
    .orderBy(desc(sql`${risks.likelihood} * ${risks.impact}`), desc(risks.updatedAt), risks.id);
}
