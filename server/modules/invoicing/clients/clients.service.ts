import { and, asc, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "../../../platform/db/database.ts";
import { conflict, notFound } from "../../../platform/errors.ts";
import { projects } from "../../projects/projects.schema.ts";
import { clients, invoices, pricingPlans } from "../invoicing.schema.ts";
import { EMPTY_PLAN, type PricingPlan, zPricingPlan } from "../pricing/pricing.ts";

export type Client = typeof clients.$inferSelect;
export type ClientFields = Omit<
  typeof clients.$inferInsert,
  "id" | "workspaceId" | "createdAt" | "updatedAt" | "archivedAt"
>;

/** A URL-safe key from a name: "Acme GmbH" → "acme-gmbh", for allocation rules. */
export function keyOf(name: string): string {
  return (
    name
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 60) || "client"
  );
}

/**
 * Clients of a workspace; `onlyId` confines a client guest to its own record. Archived clients
 * are left out unless asked for.
 */
export async function listClients(
  db: Db,
  workspaceId: string,
  options: { onlyId?: string; includeArchived?: boolean } = {},
): Promise<Client[]> {
  const where = [eq(clients.workspaceId, workspaceId)];
  if (options.onlyId) where.push(eq(clients.id, options.onlyId));
  if (!options.includeArchived) where.push(isNull(clients.archivedAt));
  return db
    .select()
    .from(clients)
    .where(and(...where))
    .orderBy(asc(sql`lower(${clients.name})`));
}

export async function getClient(db: Db, workspaceId: string, id: string): Promise<Client> {
  const [row] = await db
    .select()
    .from(clients)
    .where(and(eq(clients.workspaceId, workspaceId), eq(clients.id, id)));
  if (!row) throw notFound("Client");
  return row;
}

async function keyTaken(db: Db, workspaceId: string, key: string, exceptId?: string) {
  const [row] = await db
    .select({ id: clients.id, name: clients.name })
    .from(clients)
    .where(and(eq(clients.workspaceId, workspaceId), eq(clients.allocationKey, key)));
  return row && row.id !== exceptId ? row : undefined;
}

export async function createClient(db: Db, workspaceId: string, fields: ClientFields) {
  const taken = await keyTaken(db, workspaceId, fields.allocationKey);
  if (taken)
    throw conflict(
      `allocationKey: "${fields.allocationKey}" already belongs to client ${taken.name}`,
    );
  const [row] = await db
    .insert(clients)
    .values({ ...fields, workspaceId })
    .returning();
  return row!;
}

export async function updateClient(
  db: Db,
  workspaceId: string,
  id: string,
  fields: Partial<ClientFields> & { archived?: boolean },
) {
  await getClient(db, workspaceId, id);
  const { archived, ...rest } = fields;
  if (rest.allocationKey) {
    const taken = await keyTaken(db, workspaceId, rest.allocationKey, id);
    if (taken)
      throw conflict(
        `allocationKey: "${rest.allocationKey}" already belongs to client ${taken.name}`,
      );
  }
  const [row] = await db
    .update(clients)
    .set({
      ...rest,
      ...(archived === undefined ? {} : { archivedAt: archived ? new Date() : null }),
      updatedAt: new Date(),
    })
    .where(and(eq(clients.workspaceId, workspaceId), eq(clients.id, id)))
    .returning();
  return row!;
}

/** Deletes a client that was never invoiced; one with invoices can only be archived. */
export async function deleteClient(db: Db, workspaceId: string, id: string) {
  const client = await getClient(db, workspaceId, id);
  const [used] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(invoices)
    .where(and(eq(invoices.workspaceId, workspaceId), eq(invoices.clientId, id)));
  if (used && used.n > 0)
    throw conflict(
      `${client.name} has ${used.n} invoice(s) and cannot be deleted; archive the client instead`,
    );
  await db.delete(clients).where(and(eq(clients.workspaceId, workspaceId), eq(clients.id, id)));
  return client;
}

/** The plan for the client (projectId null) or the project's override of it. */
export async function planOf(
  db: Db,
  workspaceId: string,
  clientId: string,
  projectId: string | null = null,
): Promise<PricingPlan | null> {
  const [row] = await db
    .select({ plan: pricingPlans.plan })
    .from(pricingPlans)
    .where(
      and(
        eq(pricingPlans.workspaceId, workspaceId),
        eq(pricingPlans.clientId, clientId),
        projectId ? eq(pricingPlans.projectId, projectId) : isNull(pricingPlans.projectId),
      ),
    );
  return row ? zPricingPlan.parse(row.plan) : null;
}

/** The client's projects, each with its own plan or null where the client's plan applies. */
export async function projectPlansOf(db: Db, workspaceId: string, clientId: string) {
  const clientProjects = await projectsOfClient(db, workspaceId, clientId);
  const rows = await db
    .select({ projectId: pricingPlans.projectId, plan: pricingPlans.plan })
    .from(pricingPlans)
    .where(and(eq(pricingPlans.workspaceId, workspaceId), eq(pricingPlans.clientId, clientId)));
  const plans = new Map(rows.map((r) => [r.projectId, r.plan]));
  return clientProjects
    .map((p) => {
      const plan = plans.get(p.id);
      return { id: p.id, key: p.key, name: p.name, plan: plan ? zPricingPlan.parse(plan) : null };
    })
    .sort((a, b) => a.key.localeCompare(b.key));
}

/** Drops a project's own plan: the client's plan applies to it again. */
export async function dropProjectPlan(
  db: Db,
  workspaceId: string,
  clientId: string,
  projectId: string,
) {
  await db
    .delete(pricingPlans)
    .where(
      and(
        eq(pricingPlans.workspaceId, workspaceId),
        eq(pricingPlans.clientId, clientId),
        eq(pricingPlans.projectId, projectId),
      ),
    );
}

export async function setPlan(
  db: Db,
  workspaceId: string,
  clientId: string,
  projectId: string | null,
  plan: PricingPlan,
) {
  const existing = await db
    .select({ id: pricingPlans.id })
    .from(pricingPlans)
    .where(
      and(
        eq(pricingPlans.workspaceId, workspaceId),
        eq(pricingPlans.clientId, clientId),
        projectId ? eq(pricingPlans.projectId, projectId) : isNull(pricingPlans.projectId),
      ),
    );
  if (existing[0]) {
    await db
      .update(pricingPlans)
      .set({ plan, updatedAt: new Date() })
      .where(eq(pricingPlans.id, existing[0].id));
  } else {
    await db.insert(pricingPlans).values({ workspaceId, clientId, projectId, plan });
  }
  return plan;
}

/** The client's projects with what billing needs: their allocation key, time rounding and rate. */
export async function projectsOfClient(db: Db, workspaceId: string, clientId: string) {
  return db
    .select({
      id: projects.id,
      key: projects.key,
      name: projects.name,
      rounding: projects.timeRounding,
      rate: projects.hourlyRate,
    })
    .from(projects)
    .where(and(eq(projects.workspaceId, workspaceId), eq(projects.clientId, clientId)));
}

export type ClientProject = Awaited<ReturnType<typeof projectsOfClient>>[number];

/** Allocation targets whose cost is the client's: its own key and each of its projects' keys. */
export function allocationTargetsOf(client: Client, clientProjects: ClientProject[]) {
  return [
    { kind: "client" as const, key: client.allocationKey },
    ...clientProjects.map((p) => ({ kind: "project" as const, key: p.key })),
  ];
}

export { EMPTY_PLAN };
