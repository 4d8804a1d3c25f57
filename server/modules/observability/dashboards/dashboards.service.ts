import { randomUUID } from "node:crypto";
import { and, asc, eq } from "drizzle-orm";
import type { Db } from "../../../platform/db/database.ts";
import { forbidden, invalid, notFound } from "../../../platform/errors.ts";
import type { Role } from "../../../platform/operations/permissions.ts";
import { dashboards } from "./dashboards.schema.ts";
import { GRID_COLUMNS, type Panel, type PanelInput, type RANGES } from "./dashboards.zod.ts";

/** Who is asking: edits are for a dashboard's creator and the workspace's owners and admins. */
export interface Editor {
  workspaceId: string;
  userId: string | undefined;
  role: Role;
}

/** At most this many panels per dashboard: each one is a query when the dashboard opens. */
const MAX_PANELS = 40;

type Row = typeof dashboards.$inferSelect;

/** Whether the person may change or delete a dashboard (or any shared item they did not make). */
export function canEdit(editor: Editor, createdBy: string | null): boolean {
  return editor.role === "owner" || editor.role === "admin" || createdBy === editor.userId;
}

function present<T extends Omit<Row, "panels">>(row: T, editor: Editor) {
  return {
    ...row,
    range: row.range as (typeof RANGES)[number],
    canEdit: canEdit(editor, row.createdBy),
  };
}

/**
 * Panels as stored: each keeps its id (or gets one), and must fit the grid and not overlap
 * another, so a saved layout always renders as it was arranged.
 */
export function checkedPanels(panels: PanelInput[]): Panel[] {
  if (panels.length > MAX_PANELS) throw invalid("panels", `at most ${MAX_PANELS} panels`);
  const seen = new Set<string>();
  const placed: Panel[] = [];
  panels.forEach((p, i) => {
    if (p.x + p.w > GRID_COLUMNS)
      throw invalid(`panels.${i}.w`, `x + w must be at most ${GRID_COLUMNS} (the grid's width)`);
    const id = p.id ?? randomUUID();
    if (seen.has(id)) throw invalid(`panels.${i}.id`, "is used by another panel");
    seen.add(id);
    const other = placed.find(
      (q) => p.x < q.x + q.w && q.x < p.x + p.w && p.y < q.y + q.h && q.y < p.y + p.h,
    );
    if (other) throw invalid(`panels.${i}`, `overlaps the panel "${other.title}"`);
    placed.push({ ...(p as Panel), id });
  });
  return placed;
}

async function rowOf(db: Db, workspaceId: string, id: string): Promise<Row> {
  const [row] = await db
    .select()
    .from(dashboards)
    .where(and(eq(dashboards.workspaceId, workspaceId), eq(dashboards.id, id)));
  if (!row) throw notFound("Dashboard");
  return row;
}

/** Every dashboard of the workspace, by name, without their panels. */
export async function listDashboards(db: Db, editor: Editor) {
  const rows = await db
    .select()
    .from(dashboards)
    .where(eq(dashboards.workspaceId, editor.workspaceId))
    .orderBy(asc(dashboards.name), asc(dashboards.createdAt));
  return rows.map(({ panels, ...row }) => ({
    ...present(row, editor),
    panelCount: panels.length,
  }));
}

/** One dashboard with its panels. */
export async function getDashboard(db: Db, editor: Editor, id: string) {
  return present(await rowOf(db, editor.workspaceId, id), editor);
}

/** A new dashboard owned by the caller. */
export async function createDashboard(
  db: Db,
  editor: Editor,
  input: { name: string; description?: string; range?: string; panels?: PanelInput[] },
) {
  const [row] = await db
    .insert(dashboards)
    .values({
      workspaceId: editor.workspaceId,
      name: input.name,
      description: input.description ?? "",
      range: input.range ?? "24h",
      panels: checkedPanels(input.panels ?? []),
      createdBy: editor.userId ?? null,
    })
    .returning();
  return present(row!, editor);
}

/** Renames, re-describes or re-arranges a dashboard; panels replace the whole set. */
export async function updateDashboard(
  db: Db,
  editor: Editor,
  input: { id: string; name?: string; description?: string; range?: string; panels?: PanelInput[] },
) {
  const row = await rowOf(db, editor.workspaceId, input.id);
  if (!canEdit(editor, row.createdBy))
    throw forbidden("Only the dashboard's creator, owners and admins may change it");
  const [updated] = await db
    .update(dashboards)
    .set({
      ...(input.name !== undefined && { name: input.name }),
      ...(input.description !== undefined && { description: input.description }),
      ...(input.range !== undefined && { range: input.range }),
      ...(input.panels !== undefined && { panels: checkedPanels(input.panels) }),
      updatedAt: new Date(),
    })
    .where(and(eq(dashboards.workspaceId, editor.workspaceId), eq(dashboards.id, row.id)))
    .returning();
  return present(updated!, editor);
}

/** Deletes a dashboard (its creator, owners and admins). */
export async function deleteDashboard(db: Db, editor: Editor, id: string) {
  const row = await rowOf(db, editor.workspaceId, id);
  if (!canEdit(editor, row.createdBy))
    throw forbidden("Only the dashboard's creator, owners and admins may delete it");
  await db
    .delete(dashboards)
    .where(and(eq(dashboards.workspaceId, editor.workspaceId), eq(dashboards.id, row.id)));
}
