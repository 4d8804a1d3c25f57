import { Plus, Workflow } from "lucide-react";
import { Link } from "react-router";
import { PageHeader } from "../../components/page-header.tsx";
import { QueryState } from "../../components/query-state.tsx";
import { Badge } from "../../components/ui/badge.tsx";
import { Button } from "../../components/ui/button.tsx";
import { Card } from "../../components/ui/card.tsx";
import { EmptyState } from "../../components/ui/empty-state.tsx";
import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "../../components/ui/table.tsx";
import { useOperation } from "../../lib/operations.ts";
import { can } from "../../lib/roles.ts";
import { useSession } from "../../lib/session.tsx";
import { describeTrigger, when } from "./labels.ts";
import { RunStatusBadge } from "./run-status.tsx";

/** Every automation with its trigger and last run, and the playbook templates to start from. */
export function AutomationsPage() {
  const { role } = useSession();
  const list = useOperation("automations.list", {});
  const templates = useOperation("automations.templates", {});
  const canManage = can(role, "automations:manage");
  return (
    <>
      <PageHeader
        title="Automations"
        description="A trigger and ordered steps. Steps run as the person who last saved the automation; changes wait in the approvals inbox unless an admin pre-approved the step."
        actions={
          canManage && (
            <Button asChild>
              <Link to="/automations/new">
                <Plus aria-hidden /> New automation
              </Link>
            </Button>
          )
        }
      />
      <QueryState
        query={list}
        empty={
          <EmptyState
            icon={Workflow}
            title="No automations yet"
            description="Start from a template below, or define a trigger and steps yourself."
          />
        }
      >
        {(rows) => (
          <Table aria-label="Automations">
            <TableHeader>
              <TableRow>
                <TableHead>Name</TableHead>
                <TableHead>Trigger</TableHead>
                <TableHead>Steps</TableHead>
                <TableHead>Last run</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {rows.map((automation) => (
                <TableRow key={automation.id}>
                  <TableCell>
                    <Link
                      className="font-medium underline-offset-4 hover:underline"
                      to={`/automations/${automation.id}`}
                    >
                      {automation.name}
                    </Link>
                    {!automation.enabled && (
                      <Badge variant="outline" className="ml-2">
                        disabled
                      </Badge>
                    )}
                  </TableCell>
                  <TableCell>{describeTrigger(automation.trigger)}</TableCell>
                  <TableCell>{automation.steps.length}</TableCell>
                  <TableCell>
                    {automation.lastRun ? (
                      <Link
                        className="flex items-center gap-2"
                        to={`/automations/${automation.id}/runs/${automation.lastRun.id}`}
                      >
                        <RunStatusBadge status={automation.lastRun.status} />
                        <span className="text-xs text-muted-foreground">
                          {when(automation.lastRun.createdAt)}
                        </span>
                      </Link>
                    ) : (
                      <span className="text-muted-foreground">never</span>
                    )}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </QueryState>
      <h2 className="mt-10 mb-3 text-lg font-semibold">Playbook templates</h2>
      <QueryState query={templates}>
        {(items) => (
          <ul className="grid gap-3 md:grid-cols-2">
            {items.map((template) => (
              <li key={template.id}>
                <Card className="flex h-full flex-col gap-2 p-4">
                  <div className="flex items-center gap-2">
                    <h3 className="font-medium">{template.name}</h3>
                    {!template.available && <Badge variant="outline">not available yet</Badge>}
                  </div>
                  <p className="text-sm text-muted-foreground">{template.description}</p>
                  {template.gap && <p className="text-sm">{template.gap}</p>}
                  {template.available && canManage && (
                    <Button asChild variant="outline" size="sm" className="mt-auto w-fit">
                      <Link to={`/automations/new?template=${template.id}`}>Use this template</Link>
                    </Button>
                  )}
                </Card>
              </li>
            ))}
          </ul>
        )}
      </QueryState>
    </>
  );
}
