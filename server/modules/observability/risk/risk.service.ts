// Failure risk per service, resource and service-less check: every signal's factors collected on
// one board, combined by risk-model.ts, named and filtered. README.md beside this file explains
// the model.
import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "../../../platform/db/database.ts";
import { resources } from "../../inventory/inventory.schema.ts";
import { services } from "../../inventory/services/services.schema.ts";
import { healthChecks } from "../uptime/uptime.schema.ts";
import { addAlertSignals, addIncidentSignals } from "./alert-signals.ts";
import { addCheckSignals } from "./check-signals.ts";
import { RiskBoard, type RiskEntity } from "./risk-model.ts";
import { addCapacitySignals, addChangeSignals, addErrorLogSignals } from "./telemetry-signals.ts";

export interface RiskQuery {
  service?: string;
  resourceId?: string;
  horizonDays: number;
  limit: number;
  now: Date;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Display names: resources and checks by id; services get their catalog id when they have one. */
async function nameEntities(db: Db, workspaceId: string, entities: RiskEntity[]) {
  const idsOf = (kind: RiskEntity["kind"]) =>
    entities.filter((e) => e.kind === kind && UUID.test(e.id)).map((e) => e.id);
  const resourceIds = idsOf("resource");
  const checkIds = idsOf("check");
  const names = new Map<string, string>();
  if (resourceIds.length)
    for (const r of await db
      .select({ id: resources.id, name: resources.name })
      .from(resources)
      .where(and(eq(resources.workspaceId, workspaceId), inArray(resources.id, resourceIds))))
      names.set(`resource:${r.id}`, r.name);
  if (checkIds.length)
    for (const c of await db
      .select({ id: healthChecks.id, name: healthChecks.name })
      .from(healthChecks)
      .where(and(eq(healthChecks.workspaceId, workspaceId), inArray(healthChecks.id, checkIds))))
      names.set(`check:${c.id}`, c.name);
  const catalog = new Map(
    (
      await db
        .select({ id: services.id, name: services.name })
        .from(services)
        .where(eq(services.workspaceId, workspaceId))
    ).map((s) => [s.name, s.id]),
  );
  return entities.map((e) => ({
    ...e,
    name: names.get(`${e.kind}:${e.id}`) ?? e.name,
    catalogServiceId: e.kind === "service" ? (catalog.get(e.id) ?? null) : null,
  }));
}

/** The workspace's services, resources and service-less checks ranked by risk of failing soon. */
export async function assessFailureRisk(db: Db, workspaceId: string, q: RiskQuery) {
  const board = new RiskBoard();
  await addCheckSignals(board, db, workspaceId, q.now, q.horizonDays);
  await addAlertSignals(board, db, workspaceId, q.horizonDays);
  await addIncidentSignals(board, db, workspaceId, q.now, q.horizonDays);
  await addCapacitySignals(board, db, workspaceId, q.now, q.horizonDays);
  await addErrorLogSignals(board, db, workspaceId, q.now, q.horizonDays);
  await addChangeSignals(board, db, workspaceId, q.now, q.horizonDays);
  const ranked = board
    .ranked()
    .filter((e) => !q.service || (e.kind === "service" && e.id === q.service))
    .filter((e) => !q.resourceId || (e.kind === "resource" && e.id === q.resourceId))
    .slice(0, q.limit);
  return {
    horizonDays: q.horizonDays,
    generatedAt: q.now,
    entities: await nameEntities(db, workspaceId, ranked),
  };
}
