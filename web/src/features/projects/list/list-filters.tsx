import { Search, X } from "lucide-react";
import { Button } from "../../../components/ui/button.tsx";
import { Checkbox } from "../../../components/ui/checkbox.tsx";
import { Input } from "../../../components/ui/input.tsx";
import { Label } from "../../../components/ui/label.tsx";
import type { ProjectDetail } from "../project-layout.tsx";
import { FieldSelect } from "../task/field-select.tsx";
import {
  type Member,
  PRIORITIES,
  PRIORITY_LABELS,
  type Priority,
  type TaskListInput,
} from "../task-format.ts";

export type Filters = Omit<TaskListInput, "projectId" | "limit" | "cursor">;
export type Grouping = "none" | "status" | "assignee" | "priority" | "label";

export const GROUPINGS: { value: Grouping; label: string }[] = [
  { value: "none", label: "No grouping" },
  { value: "status", label: "Group by status" },
  { value: "assignee", label: "Group by assignee" },
  { value: "priority", label: "Group by priority" },
  { value: "label", label: "Group by label" },
];

/** The list view's filter bar: every control maps to one tasks.list filter. */
export function ListFilters({
  project,
  members,
  filters,
  onChange,
  groupBy,
  onGroupBy,
}: {
  project: ProjectDetail;
  members: Member[];
  filters: Filters;
  onChange: (filters: Filters) => void;
  groupBy: Grouping;
  onGroupBy: (g: Grouping) => void;
}) {
  const set = (patch: Partial<Filters>) => {
    const next: Record<string, unknown> = { ...filters, ...patch };
    for (const [k, v] of Object.entries(next))
      if (v === undefined || v === "" || (Array.isArray(v) && v.length === 0)) delete next[k];
    onChange(next as Filters);
  };
  const isFiltered = Object.keys(filters).some((k) => k !== "sort");
  return (
    <search className="flex flex-wrap items-end gap-2 border-b p-3" aria-label="Filter tasks">
      <div className="relative w-full max-w-56">
        <Search
          className="pointer-events-none absolute top-2.5 left-2.5 size-4 text-muted-foreground"
          aria-hidden
        />
        <Input
          value={filters.q ?? ""}
          onChange={(e) => set({ q: e.target.value || undefined })}
          placeholder="Search…  ( / )"
          aria-label="Search tasks"
          className="pl-8"
          data-shortcut-search
          onKeyDown={(e) => e.key === "Escape" && e.currentTarget.blur()}
        />
      </div>
      <FieldSelect
        id="filter-status"
        label="Status"
        className="w-36"
        value={filters.columnIds?.[0] ?? null}
        onChange={(v) => set({ columnIds: v ? [v] : undefined })}
        choices={[
          { value: null, label: "Any status" },
          ...project.columns.map((c) => ({ value: c.id, label: c.name })),
        ]}
      />
      <FieldSelect
        id="filter-assignee"
        label="Assignee"
        className="w-40"
        value={filters.assigneeId ?? null}
        onChange={(v) => set({ assigneeId: v ?? undefined })}
        choices={[
          { value: null, label: "Anyone" },
          { value: "me", label: "Me" },
          { value: "none", label: "Unassigned" },
          ...members.map((m) => ({ value: m.userId, label: m.name })),
        ]}
        testId="filter-assignee"
      />
      <FieldSelect
        id="filter-priority"
        label="Priority"
        className="w-36"
        value={filters.priority?.[0] ?? null}
        onChange={(v) => set({ priority: v ? [v as Priority] : undefined })}
        choices={[
          { value: null, label: "Any priority" },
          ...PRIORITIES.map((p) => ({ value: p, label: PRIORITY_LABELS[p] })),
        ]}
      />
      <FieldSelect
        id="filter-label"
        label="Label"
        className="w-36"
        value={filters.labels?.[0] ?? null}
        onChange={(v) => set({ labels: v ? [v] : undefined })}
        choices={[
          { value: null, label: "Any label" },
          ...project.labels.map((l) => ({ value: l, label: l })),
        ]}
      />
      <FieldSelect
        id="list-group"
        label="Group by"
        className="w-44"
        value={groupBy}
        onChange={(v) => onGroupBy((v ?? "none") as Grouping)}
        choices={GROUPINGS}
        testId="list-group"
      />
      <div className="flex h-9 items-center gap-2">
        <Checkbox
          id="filter-done"
          checked={filters.includeDone ?? false}
          onCheckedChange={(v) => set({ includeDone: v === true ? true : undefined })}
        />
        <Label htmlFor="filter-done" className="text-sm font-normal">
          Include done
        </Label>
      </div>
      {isFiltered && (
        <Button variant="ghost" size="sm" onClick={() => onChange({})}>
          <X aria-hidden /> Clear
        </Button>
      )}
    </search>
  );
}
