import { and, desc, eq, gte, inArray, isNull } from "drizzle-orm";
import { createConnectorContext } from "../../../connectors/context.ts";
import {
  type ActionTarget,
  type CachePurge,
  RESOURCE_ACTIONS,
  type ResourceAction,
} from "../../../connectors/types.ts";
import type { Db } from "../../../platform/db/database.ts";
import { notFound } from "../../../platform/errors.ts";
import { type ConnectorDeps, connectorOf, openConnector } from "../connectors.service.ts";
import { resourceChanges, resources } from "../inventory.schema.ts";
import type { ResourceRow } from "../resource.service.ts";
import { resourceActions } from "./actions.schema.ts";

/** How recent a snapshot must be for the volume it was taken of to be deleted. */
export const SNAPSHOT_FRESH_DAYS = 30;
/** One action on one resource: a provider that does not answer in time has failed. */
const ACTION_TIMEOUT_MS = 60_000;
const RETRY = { attempts: 3, baseDelayMs: 500, maxDelayMs: 4_000 };

export interface ActionResult {
  id: string;
  name: string;
  /** What was asked of the provider (a stop to save money is a deallocate on Azure). */
  action: ResourceAction;
  status: "succeeded" | "failed" | "refused";
  state: string | null;
  detail: string;
  createdNativeId: string | null;
}

const targetOf = (row: ResourceRow): ActionTarget => ({
  nativeId: row.nativeId,
  type: row.type,
  region: row.region,
  name: row.name,
  state: row.state,
  attributes: row.attributes,
});

/** The resources asked for, all of them in this workspace and still present, or an error. */
async function targetsOf(db: Db, workspaceId: string, ids: string[]) {
  const rows = await db
    .select()
    .from(resources)
    .where(and(eq(resources.workspaceId, workspaceId), inArray(resources.id, ids)));
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => {
    const row = byId.get(id);
    if (!row) throw notFound(`Resource ${id}`);
    return row;
  });
}

/** Whether Glass Pane snapshotted this volume recently (the guard before deleting it). */
async function hasFreshSnapshot(db: Db, workspaceId: string, resourceId: string, now: Date) {
  const since = new Date(now.getTime() - SNAPSHOT_FRESH_DAYS * 86_400_000);
  const [row] = await db
    .select({ id: resourceActions.id })
    .from(resourceActions)
    .where(
      and(
        eq(resourceActions.workspaceId, workspaceId),
        eq(resourceActions.resourceId, resourceId),
        eq(resourceActions.action, "snapshot"),
        eq(resourceActions.status, "succeeded"),
        gte(resourceActions.createdAt, since),
      ),
    )
    .limit(1);
  return Boolean(row);
}

/** Why the action cannot be done to this resource before asking the provider, or null. */
async function localRefusal(
  db: Db,
  row: ResourceRow,
  action: ResourceAction,
  options: { withoutSnapshot: boolean; now: Date },
): Promise<string | null> {
  if (row.deletedAt) return "The resource no longer exists at its provider";
  if (!row.connectorId) return "The resource has no connector to act through";
  if (
    action === "delete" &&
    !options.withoutSnapshot &&
    !(await hasFreshSnapshot(db, row.workspaceId, row.id, options.now))
  )
    return `Glass Pane has not snapshotted this volume in the last ${SNAPSHOT_FRESH_DAYS} days; snapshot it first (or delete without a snapshot on purpose)`;
  return null;
}

/**
 * Does `action` to each resource through its connector, one after another, and records every
 * outcome. Each resource stands alone: one that is refused or fails does not stop the others,
 * and the results say which is which.
 */
export async function performActions(
  db: Db,
  deps: ConnectorDeps,
  input: {
    workspaceId: string;
    ids: string[];
    action: ResourceAction;
    /** A stop meant to end compute billing: done with the connector's `billingStop` if it has one. */
    stopBilling?: boolean;
    actorUserId: string | undefined;
    snapshotName?: string;
    withoutSnapshot?: boolean;
    /** What a purge empties (checked against the zone by the caller); absent: everything. */
    purge?: CachePurge;
    now?: Date;
  },
): Promise<ActionResult[]> {
  const now = input.now ?? new Date();
  const rows = await targetsOf(db, input.workspaceId, [...new Set(input.ids)]);
  // One vault read per connector, however many of its resources the request names.
  const opened = new Map<string, ReturnType<typeof openConnector>>();
  const open = async (connectorId: string) => {
    let connector = opened.get(connectorId);
    if (!connector) {
      const row = await connectorOf(db, input.workspaceId, connectorId);
      connector = openConnector(db, deps, row);
      opened.set(connectorId, connector);
    }
    return connector;
  };
  const results: ActionResult[] = [];
  for (const row of rows) {
    const result = await performOne(db, open, row, input, now);
    await db.insert(resourceActions).values({
      workspaceId: input.workspaceId,
      resourceId: row.id,
      action: result.action,
      status: result.status,
      detail: result.detail,
      stateAfter: result.state,
      createdNativeId: result.createdNativeId,
      actorUserId: input.actorUserId ?? null,
    });
    if (result.status === "succeeded" && result.state !== row.state)
      await recordState(db, row, result.state, input.actorUserId);
    results.push(result);
  }
  return results;
}

/**
 * The state the provider answered with, and a change in the resource's history naming who made
 * it, as the tag editor records its changes; the next scan then sees no difference to record.
 */
async function recordState(
  db: Db,
  row: ResourceRow,
  state: string | null,
  actorUserId: string | undefined,
) {
  const updated = await db
    .update(resources)
    .set({ state })
    .where(and(eq(resources.id, row.id), isNull(resources.deletedAt)))
    .returning({ id: resources.id });
  if (updated.length === 0) return;
  await db.insert(resourceChanges).values({
    workspaceId: row.workspaceId,
    resourceId: row.id,
    scanId: null,
    actorUserId: actorUserId ?? null,
    kind: "modified",
    diff: { fields: { state: { before: row.state, after: state } }, attributes: {}, tags: {} },
    at: new Date(),
  });
}

async function performOne(
  db: Db,
  open: (connectorId: string) => ReturnType<typeof openConnector>,
  row: ResourceRow,
  input: {
    action: ResourceAction;
    stopBilling?: boolean;
    snapshotName?: string;
    withoutSnapshot?: boolean;
    purge?: CachePurge;
  },
  now: Date,
): Promise<ActionResult> {
  let base = {
    id: row.id,
    name: row.name,
    action: input.action,
    createdNativeId: null,
    state: row.state,
  };
  const local = await localRefusal(db, row, input.action, {
    withoutSnapshot: input.withoutSnapshot ?? false,
    now,
  });
  if (local) return { ...base, status: "refused", detail: local };
  const { connector, definition } = await open(row.connectorId as string);
  const actions = connector.actions;
  if (!actions)
    return { ...base, status: "refused", detail: `${definition.label} resources have no actions` };
  const action =
    input.action === "stop" && input.stopBilling ? (actions.billingStop ?? "stop") : input.action;
  base = { ...base, action };
  const target = targetOf(row);
  const refused = actions.refusal(action, target);
  if (refused) return { ...base, status: "refused", detail: refused };
  const ctx = createConnectorContext(
    AbortSignal.timeout(ACTION_TIMEOUT_MS),
    definition.rateLimit,
    RETRY,
  );
  const snapshotName =
    input.snapshotName ?? `glasspane-${row.name}-${now.toISOString().slice(0, 10)}`.slice(0, 64);
  try {
    const outcome = await actions.perform(action, target, ctx, {
      snapshotName,
      ...(input.purge ? { purge: input.purge } : {}),
    });
    return {
      ...base,
      status: "succeeded",
      state: outcome.state,
      detail: outcome.detail,
      createdNativeId: outcome.createdNativeId ?? null,
    };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ...base, status: "failed", detail: message.slice(0, 500) };
  }
}

/** What can be done to one resource now, and why not where it cannot. */
export async function availableActions(db: Db, deps: ConnectorDeps, row: ResourceRow) {
  const now = new Date();
  const connectorRow = row.connectorId
    ? await connectorOf(db, row.workspaceId, row.connectorId).catch(() => null)
    : null;
  const definitionActions = connectorRow
    ? (await openConnector(db, deps, connectorRow).catch(() => null))?.connector.actions
    : undefined;
  const out: { action: ResourceAction; allowed: boolean; reason: string | null }[] = [];
  for (const action of RESOURCE_ACTIONS) {
    const reason =
      (await localRefusal(db, row, action, { withoutSnapshot: false, now })) ??
      (definitionActions
        ? definitionActions.refusal(action, targetOf(row))
        : "This resource's connector has no actions");
    out.push({ action, allowed: reason === null, reason });
  }
  return out;
}

export async function actionHistory(db: Db, workspaceId: string, resourceId: string, limit = 20) {
  return db
    .select()
    .from(resourceActions)
    .where(
      and(eq(resourceActions.workspaceId, workspaceId), eq(resourceActions.resourceId, resourceId)),
    )
    .orderBy(desc(resourceActions.createdAt))
    .limit(limit);
}
