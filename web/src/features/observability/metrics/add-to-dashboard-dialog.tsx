import { type FormEvent, useState } from "react";
import { useNavigate } from "react-router";
import { Button } from "../../../components/ui/button.tsx";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from "../../../components/ui/dialog.tsx";
import { Input, inputClass } from "../../../components/ui/input.tsx";
import { call, errorMessage } from "../../../lib/api.ts";
import { useOperation, useOperationMutation } from "../../../lib/operations.ts";
import { CHART_TYPES, nextSlot } from "../dashboards/layout.ts";
import type { PanelQuery } from "./use-panel-series.ts";

const NEW = "__new__";

/** Puts the explorer's query on a dashboard (an existing one, or a new one made here). */
export function AddToDashboardDialog(props: {
  query: PanelQuery;
  defaultTitle: string;
  onClose: () => void;
}) {
  const navigate = useNavigate();
  const dashboards = useOperation("dashboards.list", {});
  const editable = (dashboards.data ?? []).filter((d) => d.canEdit);
  const [target, setTarget] = useState<string>(NEW);
  const [error, setError] = useState<string>();
  const create = useOperationMutation("dashboards.create");
  const update = useOperationMutation("dashboards.update");

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const title = String(form.get("title") ?? "").trim();
    const chart = String(form.get("chart")) as (typeof CHART_TYPES)[number];
    try {
      let id: string;
      if (target === NEW) {
        const name = String(form.get("name") ?? "").trim();
        const made = await create.mutateAsync({
          name,
          panels: [{ title, query: props.query, chart, ...nextSlot([]) }],
        });
        id = made.id;
      } else {
        const current = await call("dashboards.get", { id: target });
        await update.mutateAsync({
          id: target,
          panels: [
            ...current.panels,
            { title, query: props.query, chart, ...nextSlot(current.panels) },
          ],
        });
        id = target;
      }
      props.onClose();
      navigate(`/observability/metrics/dashboards/${id}`);
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  return (
    <Dialog open onOpenChange={(open) => !open && props.onClose()}>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Add to dashboard</DialogTitle>
          <DialogDescription>
            The panel keeps this query; the dashboard sets the period.
          </DialogDescription>
        </DialogHeader>
        <form className="grid gap-3" onSubmit={onSubmit} aria-label="Add to dashboard">
          <label className="grid gap-1 text-sm">
            <span>Dashboard</span>
            <select
              className={inputClass}
              value={target}
              onChange={(e) => setTarget(e.target.value)}
              data-testid="dashboard-target"
            >
              <option value={NEW}>New dashboard…</option>
              {editable.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.name}
                </option>
              ))}
            </select>
          </label>
          {target === NEW && (
            <div className="grid gap-1 text-sm">
              <label htmlFor="add-dashboard-name">New dashboard's name</label>
              <Input
                id="add-dashboard-name"
                name="name"
                required
                maxLength={120}
                data-testid="dashboard-name"
              />
            </div>
          )}
          <div className="grid gap-1 text-sm">
            <label htmlFor="add-panel-title">Panel title</label>
            <Input
              id="add-panel-title"
              name="title"
              required
              maxLength={120}
              defaultValue={props.defaultTitle}
              data-testid="panel-title"
            />
          </div>
          <label className="grid gap-1 text-sm">
            <span>Chart</span>
            <select name="chart" className={inputClass} defaultValue="line">
              {CHART_TYPES.map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </select>
          </label>
          {error && (
            <p role="alert" className="text-sm text-destructive">
              {error}
            </p>
          )}
          <DialogFooter>
            <Button type="button" variant="outline" onClick={props.onClose}>
              Cancel
            </Button>
            <Button
              type="submit"
              disabled={create.isPending || update.isPending}
              data-testid="add-panel-submit"
            >
              Add panel
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
