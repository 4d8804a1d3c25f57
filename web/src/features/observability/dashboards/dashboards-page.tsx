import { LayoutDashboard } from "lucide-react";
import { type FormEvent, useState } from "react";
import { Link, useNavigate } from "react-router";
import { QueryState } from "../../../components/query-state.tsx";
import { Button } from "../../../components/ui/button.tsx";
import { Card } from "../../../components/ui/card.tsx";
import { EmptyState } from "../../../components/ui/empty-state.tsx";
import { Input } from "../../../components/ui/input.tsx";
import { errorMessage } from "../../../lib/api.ts";
import { useOperation, useOperationMutation } from "../../../lib/operations.ts";
import { can } from "../../../lib/roles.ts";
import { useFormat, useSession } from "../../../lib/session.tsx";

/** Every dashboard of the workspace, and a form to start a new one. */
export function DashboardsPage() {
  const format = useFormat();
  const navigate = useNavigate();
  const { workspace } = useSession();
  const list = useOperation("dashboards.list", {});
  const create = useOperationMutation("dashboards.create");
  const [error, setError] = useState<string>();
  const onCreate = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const name = String(new FormData(event.currentTarget).get("name") ?? "").trim();
    try {
      const made = await create.mutateAsync({ name });
      navigate(`/observability/metrics/dashboards/${made.id}`);
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  return (
    <div className="grid gap-4">
      {can(workspace?.role, "dashboards:write") && (
        <form className="flex flex-wrap items-end gap-2" onSubmit={onCreate}>
          <div className="grid gap-1 text-sm">
            <label htmlFor="new-dashboard-name" className="text-muted-foreground">
              New dashboard
            </label>
            <Input
              id="new-dashboard-name"
              name="name"
              required
              maxLength={120}
              placeholder="Name"
            />
          </div>
          <Button type="submit" disabled={create.isPending}>
            Create
          </Button>
          {error && (
            <p role="alert" className="text-sm text-destructive">
              {error}
            </p>
          )}
        </form>
      )}
      <Card>
        <QueryState
          query={list}
          isEmpty={(d) => d.length === 0}
          empty={
            <EmptyState
              icon={LayoutDashboard}
              title="No dashboards yet"
              description="Chart a metric in the Explorer and choose “Add to dashboard”, or create an empty one above."
            />
          }
        >
          {(rows) => (
            <ul className="divide-y" data-testid="dashboards-list">
              {rows.map((d) => (
                <li key={d.id} className="flex items-center justify-between gap-4 px-4 py-3">
                  <div>
                    <Link
                      className="font-medium hover:underline"
                      to={`/observability/metrics/dashboards/${d.id}`}
                    >
                      {d.name}
                    </Link>
                    {d.description && (
                      <p className="text-sm text-muted-foreground">{d.description}</p>
                    )}
                  </div>
                  <span className="text-sm text-muted-foreground">
                    {d.panelCount} {d.panelCount === 1 ? "panel" : "panels"} · updated{" "}
                    {format.dateTime(d.updatedAt)}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </QueryState>
      </Card>
    </div>
  );
}
