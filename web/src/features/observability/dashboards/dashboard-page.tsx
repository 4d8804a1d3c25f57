import { ArrowLeft, LayoutDashboard } from "lucide-react";
import { useEffect, useState } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { ConfirmDialog } from "../../../components/confirm-dialog.tsx";
import { QueryState } from "../../../components/query-state.tsx";
import { Button } from "../../../components/ui/button.tsx";
import { EmptyState } from "../../../components/ui/empty-state.tsx";
import { inputClass } from "../../../components/ui/input.tsx";
import { useToast } from "../../../components/ui/toast.tsx";
import { errorMessage, type OperationOutput } from "../../../lib/api.ts";
import { useOperation, useOperationMutation } from "../../../lib/operations.ts";
import { useLatestSearchParams } from "../../../lib/use-latest-search-params.ts";
import { cn } from "../../../lib/utils.ts";
import { RANGES, type RangeValue } from "../log-range.ts";
import { viewedRange, withViewedRange } from "./dashboard-range.ts";
import { GRID_COLUMNS, placePanel, ROW_HEIGHT_PX } from "./layout.ts";
import { PanelCard } from "./panel-card.tsx";

type Dashboard = OperationOutput<"dashboards.get">;
type Panel = Dashboard["panels"][number];

const labelOf = (range: RangeValue) =>
  RANGES.find((r) => r.value === range)?.label.toLowerCase() ?? range;

/** One dashboard: its panels on a 12-column grid, one period for all, editable in place. */
export function DashboardPage() {
  const { dashboardId = "" } = useParams();
  const dashboard = useOperation("dashboards.get", { id: dashboardId });
  return (
    <div className="grid gap-4">
      <Link
        to="/observability/metrics/dashboards"
        className="inline-flex w-fit items-center gap-1 text-sm text-muted-foreground hover:text-foreground"
      >
        <ArrowLeft className="size-4" aria-hidden /> All dashboards
      </Link>
      <QueryState query={dashboard}>{(d) => <DashboardView dashboard={d} />}</QueryState>
    </div>
  );
}

function DashboardView({ dashboard }: { dashboard: Dashboard }) {
  const navigate = useNavigate();
  const toast = useToast();
  // The period is the viewer's, kept in the URL (a shared link shows the same); the dashboard's
  // saved period is only the default, changed on purpose below, never by saving the layout.
  const [params, setParams] = useLatestSearchParams();
  const saved = dashboard.range as RangeValue;
  const range = viewedRange(params, saved);
  const setRange = (next: RangeValue) =>
    setParams((latest) => withViewedRange(latest, next, saved), { replace: true });
  const [panels, setPanels] = useState<Panel[]>(dashboard.panels);
  const [isEditing, setEditing] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const update = useOperationMutation("dashboards.update");
  const remove = useOperationMutation("dashboards.delete");
  // Someone else's change (or this tab's save) arrives through the query: show it when not editing.
  useEffect(() => {
    if (!isEditing) setPanels(dashboard.panels);
  }, [dashboard.panels, isEditing]);

  const save = async () => {
    try {
      await update.mutateAsync({ id: dashboard.id, panels });
      setEditing(false);
    } catch (e) {
      toast({ title: "Could not save the layout", description: errorMessage(e), variant: "error" });
    }
  };
  const makeDefault = async () => {
    try {
      await update.mutateAsync({ id: dashboard.id, range });
      // The period is the default now: the link needs it no more.
      setParams(
        (latest) => {
          const next = new URLSearchParams(latest);
          next.delete("range");
          return next;
        },
        { replace: true },
      );
      toast({ title: `Everyone now opens “${dashboard.name}” on ${labelOf(range)}` });
    } catch (e) {
      toast({
        title: "Could not change the period",
        description: errorMessage(e),
        variant: "error",
      });
    }
  };
  const rows = panels.reduce((n, p) => Math.max(n, p.y + p.h), 0);

  return (
    <>
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 className="text-xl font-semibold" data-testid="dashboard-name">
          {dashboard.name}
        </h2>
        <div className="flex flex-wrap items-center gap-2">
          <select
            className={cn(inputClass, "w-auto")}
            aria-label="Period"
            value={range}
            onChange={(e) => setRange(e.target.value as RangeValue)}
            data-testid="dashboard-range"
          >
            {RANGES.map((r) => (
              <option key={r.value} value={r.value}>
                {r.label}
              </option>
            ))}
          </select>
          {dashboard.canEdit && range !== saved && (
            <Button
              variant="outline"
              onClick={makeDefault}
              disabled={update.isPending}
              title={`Opened without a period in the link, it shows ${labelOf(saved)}`}
              data-testid="make-range-default"
            >
              Make this period the default
            </Button>
          )}
          {dashboard.canEdit && !isEditing && (
            <>
              <Button variant="outline" onClick={() => setEditing(true)} data-testid="edit-layout">
                Arrange panels
              </Button>
              <Button variant="outline" onClick={() => navigate("/observability/metrics")}>
                Add a metric
              </Button>
              <Button variant="outline" onClick={() => setConfirmDelete(true)}>
                Delete
              </Button>
            </>
          )}
          {isEditing && (
            <>
              <Button
                variant="outline"
                onClick={() => {
                  setPanels(dashboard.panels);
                  setEditing(false);
                }}
              >
                Cancel
              </Button>
              <Button onClick={save} disabled={update.isPending} data-testid="save-layout">
                Save layout
              </Button>
            </>
          )}
        </div>
      </div>
      {panels.length === 0 ? (
        <EmptyState
          icon={LayoutDashboard}
          title="No panels yet"
          description="Open the Explorer, chart a metric and choose “Add to dashboard”."
        />
      ) : (
        <div
          className="grid gap-3"
          style={{
            gridTemplateColumns: `repeat(${GRID_COLUMNS}, minmax(0, 1fr))`,
            gridTemplateRows: `repeat(${rows}, ${ROW_HEIGHT_PX}px)`,
          }}
          data-testid="dashboard-grid"
        >
          {panels.map((panel) => (
            <PanelCard
              key={panel.id}
              panel={panel}
              range={range}
              isEditing={isEditing}
              onPlace={(change) => setPanels((all) => placePanel(all, panel.id, change))}
              onRemove={() => setPanels((all) => all.filter((p) => p.id !== panel.id))}
            />
          ))}
        </div>
      )}
      <ConfirmDialog
        open={confirmDelete}
        onOpenChange={setConfirmDelete}
        title={`Delete “${dashboard.name}”?`}
        description="Its panels go with it. The metrics and logs stay."
        confirmLabel="Delete dashboard"
        onConfirm={async () => {
          await remove.mutateAsync({ id: dashboard.id });
          navigate("/observability/metrics/dashboards");
        }}
      />
    </>
  );
}
