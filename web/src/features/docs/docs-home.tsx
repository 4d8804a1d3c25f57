import { BookOpen, Plus } from "lucide-react";
import { Link } from "react-router";
import { PageHeader } from "../../components/page-header.tsx";
import { QueryState } from "../../components/query-state.tsx";
import { Button } from "../../components/ui/button.tsx";
import { Card, CardContent, CardHeader, CardTitle } from "../../components/ui/card.tsx";
import { EmptyState } from "../../components/ui/empty-state.tsx";
import { useOperation } from "../../lib/operations.ts";
import { can } from "../../lib/roles.ts";
import { useSession } from "../../lib/session.tsx";
import { KIND_ICONS, KIND_LABELS } from "./doc-kinds.ts";
import { useDocsActions } from "./docs-actions.tsx";

const RECENT = 8;

/** /docs — recently edited pages and the runbooks, or a first-page prompt for an empty wiki. */
export function DocsHome() {
  const { role, format } = useSession();
  const canWrite = can(role, "docs:write");
  const actions = useDocsActions();
  const tree = useOperation("docs.tree");
  const newButton = canWrite && (
    <Button onClick={() => actions.newPage(null)} data-testid="docs-home-new">
      <Plus aria-hidden /> New page
    </Button>
  );
  return (
    <div>
      <PageHeader
        title="Wiki & runbooks"
        description="Runbooks, playbooks, post-mortems and decisions, in Markdown with full history."
        actions={newButton}
      />
      <QueryState
        query={tree}
        empty={
          <EmptyState
            icon={BookOpen}
            title="No pages yet"
            description="Start with a runbook for your noisiest alert: the template has the sections and a diagram to adapt."
            action={newButton}
          />
        }
      >
        {(pages) => {
          const recent = [...pages]
            .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))
            .slice(0, RECENT);
          const runbooks = pages.filter((p) => p.kind === "runbook" || p.kind === "playbook");
          return (
            <div className="grid gap-6 md:grid-cols-2">
              <Card>
                <CardHeader>
                  <CardTitle>Recently edited</CardTitle>
                </CardHeader>
                <CardContent>
                  <ul className="grid grid-cols-1 gap-2 text-sm">
                    {recent.map((p) => {
                      const Icon = KIND_ICONS[p.kind];
                      return (
                        <li key={p.id} className="flex items-center gap-2">
                          <Icon
                            className="size-4 shrink-0 text-muted-foreground"
                            aria-label={KIND_LABELS[p.kind]}
                          />
                          <Link to={`/docs/${p.id}`} className="min-w-0 truncate hover:underline">
                            {p.title}
                          </Link>
                          <span className="ml-auto shrink-0 text-xs text-muted-foreground">
                            {format.relative(p.updatedAt)}
                          </span>
                        </li>
                      );
                    })}
                  </ul>
                </CardContent>
              </Card>
              <Card>
                <CardHeader>
                  <CardTitle>Runbooks and playbooks</CardTitle>
                </CardHeader>
                <CardContent>
                  {runbooks.length === 0 ? (
                    <p className="text-sm text-muted-foreground">
                      None yet. Create one from the Runbook template and link it to its alert.
                    </p>
                  ) : (
                    <ul className="grid grid-cols-1 gap-2 text-sm">
                      {runbooks.map((p) => {
                        const Icon = KIND_ICONS[p.kind];
                        return (
                          <li key={p.id} className="flex items-center gap-2">
                            <Icon className="size-4 shrink-0 text-muted-foreground" aria-hidden />
                            <Link to={`/docs/${p.id}`} className="min-w-0 truncate hover:underline">
                              {p.title}
                            </Link>
                          </li>
                        );
                      })}
                    </ul>
                  )}
                </CardContent>
              </Card>
            </div>
          );
        }}
      </QueryState>
    </div>
  );
}
