import { ChevronDown, ChevronRight, RefreshCw, Wrench } from "lucide-react";
import { Fragment, useState } from "react";
import { ConfirmDialog } from "../../../components/confirm-dialog.tsx";
import { PageHeader } from "../../../components/page-header.tsx";
import { QueryState } from "../../../components/query-state.tsx";
import { Badge } from "../../../components/ui/badge.tsx";
import { Button } from "../../../components/ui/button.tsx";
import { Card } from "../../../components/ui/card.tsx";
import { EmptyState } from "../../../components/ui/empty-state.tsx";
import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "../../../components/ui/table.tsx";
import { useToast } from "../../../components/ui/toast.tsx";
import { useOperation, useOperationMutation } from "../../../lib/operations.ts";
import { can } from "../../../lib/roles.ts";
import { useSession } from "../../../lib/session.tsx";
import { AddMcpDialog } from "./add-mcp-dialog.tsx";
import { ImportOpenApiDialog } from "./import-openapi-dialog.tsx";

interface SourceRow {
  id: string;
  name: string;
  title: string;
  kind: "openapi" | "mcp";
  baseUrl: string | null;
  command: { command: string; args: string[] } | null;
}

function kindLabel(source: SourceRow): string {
  if (source.kind === "openapi") return "OpenAPI";
  return source.command ? "MCP · command" : "MCP · URL";
}

function whereOf(source: SourceRow): string {
  if (source.command) return [source.command.command, ...source.command.args].join(" ");
  return source.baseUrl ?? "";
}

/** The tools of one source, with what each needs before it runs. */
function SourceTools({ id, name }: { id: string; name: string }) {
  const source = useOperation("toolsources.get", { id });
  return (
    <QueryState query={source}>
      {(data) => (
        <ul className="grid gap-1.5 py-2" aria-label={`Tools of ${name}`}>
          {data.tools.map((tool) => (
            <li key={tool.name} className="flex flex-wrap items-baseline gap-2 text-sm">
              <code className="font-mono text-xs">
                ext_{name}_{tool.name}
              </code>
              {tool.readOnly ? (
                <Badge variant="success">read</Badge>
              ) : (
                <Badge variant={tool.destructive ? "destructive" : "warning"}>
                  {tool.destructive ? "approval · destructive" : "approval"}
                </Badge>
              )}
              {tool.method && (
                <span className="font-mono text-xs text-muted-foreground">
                  {tool.method} {tool.path}
                </span>
              )}
              <span className="text-muted-foreground">{tool.description.split("\n")[0]}</span>
            </li>
          ))}
        </ul>
      )}
    </QueryState>
  );
}

export function ToolSourcesPage() {
  const { role, format } = useSession();
  const canManage = can(role, "toolsources:manage");
  const sources = useOperation("toolsources.list");
  const remove = useOperationMutation("toolsources.delete");
  const toast = useToast();
  const refresh = useOperationMutation("toolsources.refresh", {
    onSuccess: (s) => toast({ title: `${s.title}: ${s.toolCount} tools` }),
  });
  const [open, setOpen] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<{ id: string; name: string } | null>(null);
  return (
    <>
      <PageHeader
        title="AI tools"
        description="Other APIs and MCP servers the AI agent (and MCP clients of Glass Pane) can use. Reads run at once; anything that may change something waits for a person's approval."
        actions={
          canManage && (
            <div className="flex gap-2">
              <AddMcpDialog />
              <ImportOpenApiDialog />
            </div>
          )
        }
      />
      <Card>
        <QueryState
          query={sources}
          empty={
            <EmptyState
              icon={Wrench}
              title="No tool sources yet"
              description="Import an OpenAPI document (e.g. your hosting provider's API) or connect an MCP server to give the agent more tools."
            />
          }
        >
          {(rows) => (
            <Table aria-label="Tool sources">
              <TableHeader>
                <TableRow>
                  <TableHead>Source</TableHead>
                  <TableHead>Kind</TableHead>
                  <TableHead>Where</TableHead>
                  <TableHead className="text-right">Tools</TableHead>
                  <TableHead>Added</TableHead>
                  <TableHead>
                    <span className="sr-only">Actions</span>
                  </TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {rows.map((s) => (
                  <Fragment key={s.id}>
                    <TableRow>
                      <TableCell>
                        <button
                          type="button"
                          className="flex items-center gap-1 text-left font-medium hover:underline"
                          aria-expanded={open === s.id}
                          onClick={() => setOpen(open === s.id ? null : s.id)}
                        >
                          {open === s.id ? (
                            <ChevronDown className="size-4" aria-hidden />
                          ) : (
                            <ChevronRight className="size-4" aria-hidden />
                          )}
                          {s.title}
                        </button>
                        <div className="pl-5 font-mono text-xs text-muted-foreground">{s.name}</div>
                      </TableCell>
                      <TableCell>
                        <Badge variant="outline">{kindLabel(s)}</Badge>
                      </TableCell>
                      <TableCell className="max-w-72 truncate font-mono text-xs text-muted-foreground">
                        {whereOf(s)}
                      </TableCell>
                      <TableCell className="text-right tabular-nums">{s.toolCount}</TableCell>
                      <TableCell className="whitespace-nowrap text-muted-foreground">
                        {format.relative(s.createdAt)}
                      </TableCell>
                      <TableCell className="text-right whitespace-nowrap">
                        {canManage && s.kind === "mcp" && (
                          <Button
                            variant="ghost"
                            size="sm"
                            loading={refresh.isPending && refresh.variables?.id === s.id}
                            onClick={() => refresh.mutate({ id: s.id })}
                            aria-label={`List the tools of ${s.name} again`}
                          >
                            <RefreshCw aria-hidden /> Refresh
                          </Button>
                        )}
                        {canManage && (
                          <Button
                            variant="danger"
                            size="sm"
                            onClick={() => setDeleting({ id: s.id, name: s.name })}
                            aria-label={`Delete tool source ${s.name}`}
                          >
                            Delete
                          </Button>
                        )}
                      </TableCell>
                    </TableRow>
                    {open === s.id && (
                      <TableRow>
                        <TableCell colSpan={6} className="bg-muted/30">
                          <SourceTools id={s.id} name={s.name} />
                        </TableCell>
                      </TableRow>
                    )}
                  </Fragment>
                ))}
              </TableBody>
            </Table>
          )}
        </QueryState>
      </Card>
      <ConfirmDialog
        open={deleting !== null}
        onOpenChange={(next) => !next && setDeleting(null)}
        title={`Delete “${deleting?.name ?? ""}”?`}
        description="Its tools disappear from the agent and from MCP clients, and its credential is removed from the vault."
        confirmLabel="Delete tool source"
        onConfirm={() => remove.mutateAsync({ id: deleting?.id ?? "" })}
      />
    </>
  );
}
