import { Activity, Pause, Play, RefreshCw } from "lucide-react";
import { type FormEvent, useState } from "react";
import { ConfirmDialog } from "../../components/confirm-dialog.tsx";
import { describedBy, FormField } from "../../components/form-field.tsx";
import { QueryState } from "../../components/query-state.tsx";
import { Alert } from "../../components/ui/alert.tsx";
import { Badge } from "../../components/ui/badge.tsx";
import { Button } from "../../components/ui/button.tsx";
import { Card, CardContent } from "../../components/ui/card.tsx";
import { EmptyState } from "../../components/ui/empty-state.tsx";
import { Input } from "../../components/ui/input.tsx";
import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "../../components/ui/table.tsx";
import type { OperationOutput } from "../../lib/api.ts";
import { fieldError, formError, formText } from "../../lib/form-errors.ts";
import { useOperation, useOperationMutation } from "../../lib/operations.ts";
import { can } from "../../lib/roles.ts";
import { useFormat, useSession } from "../../lib/session.tsx";

type Target = OperationOutput<"scrape.targets.list">[number];

const HEALTH = {
  up: { label: "Up", variant: "success" },
  down: { label: "Down", variant: "destructive" },
  unknown: { label: "Not scraped yet", variant: "secondary" },
} as const;

/**
 * Prometheus endpoints Glass Pane scrapes: ones added here and the node_exporter of every host
 * connector (those follow their connector). Samples land in the metric store with `job` and
 * `instance` labels, queryable in metrics like any other.
 */
export function ScrapeTargetsPage() {
  const { role } = useSession();
  const targets = useOperation("scrape.targets.list", {}, { refetchInterval: 30_000 });
  const mayManage = can(role, "ingest:manage");
  return (
    <div className="grid gap-4">
      <p className="max-w-3xl text-sm text-muted-foreground">
        Any endpoint serving the Prometheus text format (node_exporter, an app's{" "}
        <code>/metrics</code>) is scraped on its interval. A host connector with a node_exporter URL
        adds its own target here. Loopback and private addresses need “allow private targets” in
        Health settings, as for health checks.
      </p>
      {mayManage && <AddTargetForm />}
      <Card>
        <QueryState
          query={targets}
          empty={
            <EmptyState
              icon={Activity}
              title="No scrape targets yet"
              description="Add an exporter's /metrics URL, or connect a host with node_exporter."
            />
          }
        >
          {(rows) => <TargetsTable rows={rows} mayManage={mayManage} />}
        </QueryState>
      </Card>
    </div>
  );
}

function AddTargetForm() {
  const create = useOperationMutation("scrape.targets.create");
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const interval = formText(form, "intervalSeconds").trim();
    create.mutate(
      {
        name: formText(form, "name").trim(),
        url: formText(form, "url").trim(),
        ...(interval ? { intervalSeconds: Number(interval) } : {}),
      },
      { onSuccess: () => form.reset() },
    );
  };
  const fields = ["name", "url", "intervalSeconds"] as const;
  const topError = formError(create.error, [...fields]);
  return (
    <Card>
      <CardContent className="pt-4">
        <form
          className="grid items-start gap-3 sm:grid-cols-[1fr_2fr_8rem_auto]"
          onSubmit={onSubmit}
          aria-label="Add a scrape target"
          noValidate
        >
          <FormField id="scrape-name" label="Name" error={fieldError(create.error, "name")}>
            <Input
              id="scrape-name"
              name="name"
              placeholder="api"
              aria-describedby={describedBy("scrape-name", fieldError(create.error, "name"))}
            />
          </FormField>
          <FormField id="scrape-url" label="Metrics URL" error={fieldError(create.error, "url")}>
            <Input
              id="scrape-url"
              name="url"
              placeholder="http://10.0.0.5:9100/metrics"
              aria-describedby={describedBy("scrape-url", fieldError(create.error, "url"))}
            />
          </FormField>
          <FormField
            id="scrape-interval"
            label="Every (s)"
            error={fieldError(create.error, "intervalSeconds")}
          >
            <Input
              id="scrape-interval"
              name="intervalSeconds"
              type="number"
              min={60}
              placeholder="60"
            />
          </FormField>
          <Button type="submit" className="mt-6" loading={create.isPending}>
            Add target
          </Button>
        </form>
        {topError && (
          <Alert variant="destructive" className="mt-3">
            {topError}
          </Alert>
        )}
      </CardContent>
    </Card>
  );
}

function TargetsTable({ rows, mayManage }: { rows: Target[]; mayManage: boolean }) {
  const format = useFormat();
  const run = useOperationMutation("scrape.targets.run");
  const update = useOperationMutation("scrape.targets.update");
  const remove = useOperationMutation("scrape.targets.delete");
  const [deleting, setDeleting] = useState<Target | null>(null);
  return (
    <>
      <Table aria-label="Scrape targets">
        <TableHeader>
          <TableRow>
            <TableHead>Target</TableHead>
            <TableHead>Status</TableHead>
            <TableHead>Last scrape</TableHead>
            <TableHead className="text-right">Samples</TableHead>
            <TableHead className="text-right">Duration</TableHead>
            <TableHead>
              <span className="sr-only">Actions</span>
            </TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {rows.map((t) => {
            const health = HEALTH[t.health];
            return (
              <TableRow key={t.id} data-testid="scrape-target">
                <TableCell>
                  <div className="font-medium">
                    {t.name}
                    {t.source === "host" && (
                      <Badge variant="outline" className="ml-2">
                        host
                      </Badge>
                    )}
                  </div>
                  <code className="text-xs text-muted-foreground">{t.url}</code>
                  <div className="text-xs text-muted-foreground">
                    job={t.job} · every {t.intervalSeconds}s
                  </div>
                </TableCell>
                <TableCell>
                  <Badge variant={t.isEnabled ? health.variant : "secondary"}>
                    {t.isEnabled ? health.label : "Paused"}
                  </Badge>
                  {t.lastError && (
                    <div className="mt-1 max-w-xs text-xs text-destructive">{t.lastError}</div>
                  )}
                </TableCell>
                <TableCell className="whitespace-nowrap text-muted-foreground">
                  {t.lastScrapeAt ? format.relative(t.lastScrapeAt) : "Never"}
                </TableCell>
                <TableCell className="text-right tabular-nums">{t.lastSamples ?? "—"}</TableCell>
                <TableCell className="text-right tabular-nums">
                  {t.lastDurationMs === null ? "—" : `${t.lastDurationMs} ms`}
                </TableCell>
                <TableCell className="text-right">
                  {mayManage && (
                    <div className="flex justify-end gap-1">
                      <Button
                        variant="ghost"
                        size="sm"
                        loading={run.isPending && run.variables?.id === t.id}
                        onClick={() => run.mutate({ id: t.id })}
                        aria-label={`Scrape ${t.name} now`}
                      >
                        <RefreshCw aria-hidden /> Scrape now
                      </Button>
                      <Button
                        variant="ghost"
                        size="sm"
                        onClick={() => update.mutate({ id: t.id, isEnabled: !t.isEnabled })}
                        aria-label={`${t.isEnabled ? "Pause" : "Resume"} ${t.name}`}
                      >
                        {t.isEnabled ? <Pause aria-hidden /> : <Play aria-hidden />}
                      </Button>
                      {t.source === "manual" && (
                        <Button
                          variant="danger"
                          size="sm"
                          onClick={() => setDeleting(t)}
                          aria-label={`Delete ${t.name}`}
                        >
                          Delete
                        </Button>
                      )}
                    </div>
                  )}
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
      <ConfirmDialog
        open={deleting !== null}
        onOpenChange={(open) => !open && setDeleting(null)}
        title={`Stop scraping “${deleting?.name ?? ""}”?`}
        description="Samples already stored stay until retention removes them."
        confirmLabel="Delete target"
        onConfirm={() => remove.mutateAsync({ id: deleting?.id ?? "" })}
      />
    </>
  );
}
