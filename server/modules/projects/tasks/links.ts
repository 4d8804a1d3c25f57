import { and, eq, sql } from "drizzle-orm";
import { rowsOf } from "../../../platform/db/copy.ts";
import type { Db } from "../../../platform/db/database.ts";
import { conflict, invalid, notFound } from "../../../platform/errors.ts";
import { costAnomalies } from "../../costs/anomalies/anomalies.schema.ts";
import { taskLinks } from "../projects.schema.ts";
import { taskIn } from "./task-state.ts";
import type { LinkKind } from "./tasks.zod.ts";

/**
 * What a task points at: checked before it is stored, so a link never names another
 * workspace's anomaly or task, and a URL is always http(s).
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const COMMIT = /^([\w.-]+\/[\w.-]+@)?[0-9a-f]{7,64}$/i;

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === "http:" || url.protocol === "https:") && url.hostname !== "";
  } catch {
    return false;
  }
}

export interface LinkInput {
  kind: LinkKind;
  target: string;
  title?: string;
}

/** The link's target checked for its kind, with a title worth showing when none was given. */
async function checkedLink(
  db: Db,
  workspaceId: string,
  taskId: string,
  link: LinkInput,
): Promise<LinkInput> {
  const { kind, target } = link;
  switch (kind) {
    case "url":
      if (!isHttpUrl(target)) throw invalid("target", "must be an http or https URL");
      return link;
    case "commit":
      if (!COMMIT.test(target) && !isHttpUrl(target))
        throw invalid("target", "must be a commit SHA (optionally owner/repo@sha) or its URL");
      return link;
    case "cost_anomaly": {
      if (!UUID.test(target)) throw invalid("target", "must be the id of a cost anomaly");
      const [anomaly] = await db
        .select()
        .from(costAnomalies)
        .where(and(eq(costAnomalies.workspaceId, workspaceId), eq(costAnomalies.id, target)));
      if (!anomaly) throw notFound("Cost anomaly");
      const name = anomaly.key || "Total cost";
      return { ...link, title: link.title ?? `${name} on ${anomaly.day}` };
    }
    case "task": {
      if (!UUID.test(target)) throw invalid("target", "must be the id of a task");
      if (target === taskId) throw invalid("target", "a task cannot link to itself");
      const other = await taskIn(db, workspaceId, target, "Linked task");
      const key = rowsOf<{ key: string }>(
        await db.execute(sql`SELECT key FROM projects WHERE id = ${other.projectId}`),
      )[0]?.key;
      return { ...link, title: link.title ?? `${key}-${other.number} ${other.title}` };
    }
    default:
      return link;
  }
}

/** Adds links to a task (already checked to be the caller's). */
export async function addLinks(
  db: Db,
  input: { workspaceId: string; taskId: string; createdBy: string | null; links: LinkInput[] },
) {
  const added = [];
  for (const link of input.links) {
    const checked = await checkedLink(db, input.workspaceId, input.taskId, link);
    const [row] = await db
      .insert(taskLinks)
      .values({
        workspaceId: input.workspaceId,
        taskId: input.taskId,
        kind: checked.kind,
        target: checked.target,
        title: checked.title ?? null,
        createdBy: input.createdBy,
      })
      .onConflictDoNothing()
      .returning();
    if (!row) throw conflict(`The task already links to this ${checked.kind.replace("_", " ")}`);
    added.push(row);
  }
  return added;
}

/** Removes one link of the caller's workspace; returns the task it belonged to. */
export async function removeLink(db: Db, workspaceId: string, id: string): Promise<string> {
  const [row] = await db
    .delete(taskLinks)
    .where(and(eq(taskLinks.workspaceId, workspaceId), eq(taskLinks.id, id)))
    .returning({ taskId: taskLinks.taskId });
  if (!row) throw notFound("Link");
  return row.taskId;
}

/** The tasks that link to a target (an anomaly, a resource, an alert…), newest first. */
export async function tasksLinkedTo(
  db: Db,
  workspaceId: string,
  target: { kind: LinkKind; target: string },
) {
  const result = await db.execute(sql`
    SELECT t.id, p.key || '-' || t.number AS key, t.title, p.key AS "projectKey",
      (t.completed_at IS NOT NULL) AS "isDone"
    FROM task_links l JOIN tasks t ON t.id = l.task_id JOIN projects p ON p.id = t.project_id
    WHERE l.workspace_id = ${workspaceId} AND l.kind = ${target.kind} AND l.target = ${target.target}
    ORDER BY l.created_at DESC LIMIT 50`);
  return rowsOf<{ id: string; key: string; title: string; projectKey: string; isDone: boolean }>(
    result,
  );
}
