import { and, eq } from "drizzle-orm";
import { createConnectorContext } from "../../../connectors/context.ts";
import type { TagChange, TagTarget } from "../../../connectors/types.ts";
import type { Db } from "../../../platform/db/database.ts";
import { AppError, conflict, invalid } from "../../../platform/errors.ts";
import { type ConnectorDeps, connectorOf, openConnector } from "../connectors.service.ts";
import type { ValueChange } from "../inventory.schema.ts";
import { resourceChanges, resources } from "../inventory.schema.ts";
import { type ResourceRow, resourceOf } from "../resource.service.ts";

/** One tag write: a provider that does not answer in time has failed. */
const TAG_TIMEOUT_MS = 60_000;
const RETRY = { attempts: 3, baseDelayMs: 500, maxDelayMs: 4_000 };

const unsupported = (message: string) => new AppError("conflict", `Unsupported: ${message}`);

const targetOf = (row: ResourceRow): TagTarget => ({
  nativeId: row.nativeId,
  type: row.type,
  region: row.region,
  name: row.name,
  state: row.state,
  attributes: row.attributes,
  tags: row.tags,
});

/** The tags a resource has after the change, as the provider will list them. */
export function applyTagChange(tags: Record<string, string>, change: TagChange) {
  const next = { ...tags, ...change.set };
  for (const key of change.remove) delete next[key];
  return next;
}

function tagDiff(before: Record<string, string>, after: Record<string, string>) {
  const diff: Record<string, ValueChange> = {};
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)]))
    if (before[key] !== after[key])
      diff[key] = { before: before[key] ?? null, after: after[key] ?? null };
  return diff;
}

/**
 * Writes tags back to the resource's provider, then stores them and records a "modified" change
 * with the tag diff and who made it. Nothing is stored when the provider refuses or fails: the
 * next scan tells what the provider has.
 */
export async function setTags(
  db: Db,
  deps: ConnectorDeps,
  input: {
    workspaceId: string;
    id: string;
    set: Record<string, string>;
    remove: string[];
    actorUserId: string | undefined;
  },
) {
  const row = await resourceOf(db, input.workspaceId, input.id);
  const change: TagChange = { set: input.set, remove: [...new Set(input.remove)] };
  if (Object.keys(change.set).length + change.remove.length === 0)
    throw invalid("set", "name at least one tag to set or remove");
  for (const key of change.remove)
    if (key in change.set) throw invalid("remove", `${key} is both set and removed`);
  if (row.deletedAt) throw conflict("The resource no longer exists at its provider");
  if (!row.connectorId)
    throw unsupported("this resource has no connector, so its tags cannot be written back");
  const connectorRow = await connectorOf(db, input.workspaceId, row.connectorId);
  const { connector, definition } = await openConnector(db, deps, connectorRow);
  const tags = connector.tags;
  if (!tags)
    throw unsupported(`${definition.label} tags cannot be written from Glass Pane (read only)`);
  const target = targetOf(row);
  const refused = tags.refusal(target);
  if (refused) throw unsupported(refused);
  for (const [key, value] of Object.entries(change.set)) {
    const why = tags.invalidTag(key, value);
    if (why) throw invalid(`set.${key}`, why);
  }
  const after = applyTagChange(row.tags, change);
  if (Object.keys(after).length > tags.maxTags)
    throw invalid("set", `${definition.label} allows at most ${tags.maxTags} tags on a resource`);
  const ctx = createConnectorContext(
    AbortSignal.timeout(TAG_TIMEOUT_MS),
    definition.rateLimit,
    RETRY,
  );
  let detail: string;
  try {
    ({ detail } = await tags.write(target, change, ctx));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new AppError(
      "unavailable",
      `${definition.label} did not take the tags: ${message}`.slice(0, 500),
    );
  }
  const diff = tagDiff(row.tags, after);
  const now = new Date();
  await db.transaction(async (tx) => {
    await tx
      .update(resources)
      .set({ tags: after })
      .where(and(eq(resources.workspaceId, input.workspaceId), eq(resources.id, row.id)));
    if (Object.keys(diff).length)
      await tx.insert(resourceChanges).values({
        workspaceId: input.workspaceId,
        resourceId: row.id,
        scanId: null,
        actorUserId: input.actorUserId ?? null,
        kind: "modified",
        diff: { fields: {}, attributes: {}, tags: diff },
        at: now,
      });
  });
  return { id: row.id, tags: after, changed: Object.keys(diff), detail };
}
