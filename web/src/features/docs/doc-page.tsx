import { ChevronRight, History, MoreHorizontal, Pencil } from "lucide-react";
import { useState } from "react";
import { Link, useNavigate, useParams, useSearchParams } from "react-router";
import { ConfirmDialog } from "../../components/confirm-dialog.tsx";
import { Markdown } from "../../components/markdown.tsx";
import { QueryState } from "../../components/query-state.tsx";
import { Alert } from "../../components/ui/alert.tsx";
import { Badge } from "../../components/ui/badge.tsx";
import { Button } from "../../components/ui/button.tsx";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuTrigger,
} from "../../components/ui/dropdown-menu.tsx";
import { SkeletonRows } from "../../components/ui/skeleton.tsx";
import { useToast } from "../../components/ui/toast.tsx";
import type { OperationOutput } from "../../lib/api.ts";
import { useOperation, useOperationMutation } from "../../lib/operations.ts";
import { can } from "../../lib/roles.ts";
import { useSession } from "../../lib/session.tsx";
import { SimilarPanel } from "../search/similar-panel.tsx";
import { KIND_ICONS, KIND_LABELS } from "./doc-kinds.ts";
import { useDocsActions } from "./docs-actions.tsx";
import { LinksPanel } from "./links-panel.tsx";

export type PageDetail = OperationOutput<"docs.get">;

/** Where the page sits: its ancestors, each a link. */
export function Breadcrumbs({ page }: { page: Pick<PageDetail, "path" | "title"> }) {
  return (
    <nav
      aria-label="Breadcrumb"
      className="mb-2 flex flex-wrap items-center gap-1 text-sm text-muted-foreground"
    >
      <Link to="/docs" className="hover:text-foreground hover:underline">
        Wiki
      </Link>
      {page.path.map((p) => (
        <span key={p.id} className="flex items-center gap-1">
          <ChevronRight className="size-3.5" aria-hidden />
          <Link to={`/docs/${p.id}`} className="hover:text-foreground hover:underline">
            {p.title}
          </Link>
        </span>
      ))}
    </nav>
  );
}

function OldVersionBanner({ page, canWrite }: { page: PageDetail; canWrite: boolean }) {
  const restore = useOperationMutation("docs.restore");
  const [asking, setAsking] = useState(false);
  const toast = useToast();
  const navigate = useNavigate();
  return (
    <Alert
      title={`You are looking at version ${page.version} of ${page.currentVersion}`}
      className="mb-6"
    >
      <div className="mt-2 flex flex-wrap gap-2">
        <Button asChild size="sm" variant="outline" className="text-foreground">
          <Link to={`/docs/${page.id}`}>Back to the current version</Link>
        </Button>
        {canWrite && (
          <Button size="sm" onClick={() => setAsking(true)} data-testid="restore-shown-version">
            Restore this version
          </Button>
        )}
      </div>
      <ConfirmDialog
        open={asking}
        onOpenChange={setAsking}
        title={`Restore version ${page.version}?`}
        description={`Its title and text become version ${page.currentVersion + 1}. Every version stays in the history.`}
        confirmLabel="Restore"
        onConfirm={async () => {
          await restore.mutateAsync({ id: page.id, version: page.version });
          toast({ title: `Version ${page.version} restored` });
          navigate(`/docs/${page.id}`);
        }}
      />
    </Alert>
  );
}

function PageView({ page }: { page: PageDetail }) {
  const { role, format } = useSession();
  const canWrite = can(role, "docs:write");
  const actions = useDocsActions();
  const Icon = KIND_ICONS[page.kind];
  const isOld = page.version !== page.currentVersion;
  return (
    <article data-testid="doc-page">
      <Breadcrumbs page={page} />
      {isOld && <OldVersionBanner page={page} canWrite={canWrite} />}
      <header className="mb-6 flex flex-wrap items-start justify-between gap-4 border-b pb-4">
        <div className="min-w-0">
          <h1 className="text-2xl font-semibold tracking-tight" data-testid="doc-title">
            {page.title}
          </h1>
          <p className="mt-2 flex flex-wrap items-center gap-2 text-sm text-muted-foreground">
            <Badge variant="outline">
              <Icon aria-hidden /> {KIND_LABELS[page.kind]}
            </Badge>
            <span>
              Version {page.version} · saved {format.relative(page.versionCreatedAt)}
              {page.versionAuthor ? ` by ${page.versionAuthor.name}` : ""}
            </span>
          </p>
        </div>
        <div className="flex flex-wrap items-center gap-2">
          {canWrite && !isOld && (
            <Button asChild data-testid="doc-edit">
              <Link to={`/docs/${page.id}/edit`}>
                <Pencil aria-hidden /> Edit
              </Link>
            </Button>
          )}
          <Button asChild variant="outline" data-testid="doc-history">
            <Link to={`/docs/${page.id}/history`}>
              <History aria-hidden /> History
            </Link>
          </Button>
          {canWrite && (
            <DropdownMenu>
              <DropdownMenuTrigger asChild>
                <Button variant="ghost" size="icon" aria-label="More actions">
                  <MoreHorizontal aria-hidden />
                </Button>
              </DropdownMenuTrigger>
              <DropdownMenuContent align="end">
                <DropdownMenuItem onSelect={() => actions.newPage(page.id)}>
                  New sub-page
                </DropdownMenuItem>
                <DropdownMenuItem onSelect={() => actions.movePage(page.id)}>
                  Move to…
                </DropdownMenuItem>
                <DropdownMenuItem
                  variant="destructive"
                  onSelect={() => actions.deletePage(page.id)}
                >
                  Delete…
                </DropdownMenuItem>
              </DropdownMenuContent>
            </DropdownMenu>
          )}
        </div>
      </header>
      {page.body.trim() ? (
        <Markdown source={page.body} className="max-w-3xl" />
      ) : (
        <p className="text-sm text-muted-foreground">
          This page is empty.{" "}
          {canWrite && (
            <Link to={`/docs/${page.id}/edit`} className="underline">
              Write something
            </Link>
          )}
        </p>
      )}
      <div className="mt-10 grid grid-cols-1 gap-6 border-t pt-6 md:grid-cols-2">
        <LinksPanel page={page} canWrite={canWrite && !isOld} />
        <section aria-labelledby="sub-pages">
          <h2 id="sub-pages" className="mb-2 text-sm font-semibold">
            Sub-pages
          </h2>
          {page.children.length === 0 ? (
            <p className="text-sm text-muted-foreground">None yet.</p>
          ) : (
            <ul className="grid gap-1 text-sm">
              {page.children.map((child) => {
                const ChildIcon = KIND_ICONS[child.kind];
                return (
                  <li key={child.id}>
                    <Link
                      to={`/docs/${child.id}`}
                      className="flex items-center gap-2 hover:underline"
                    >
                      <ChildIcon className="size-4 text-muted-foreground" aria-hidden />{" "}
                      {child.title}
                    </Link>
                  </li>
                );
              })}
            </ul>
          )}
          {canWrite && (
            <Button
              variant="link"
              size="sm"
              className="mt-1 px-0"
              onClick={() => actions.newPage(page.id)}
            >
              Add a sub-page
            </Button>
          )}
        </section>
        <SimilarPanel kind="doc" id={page.id} />
      </div>
    </article>
  );
}

/** /docs/:pageId — a page as readers see it; `?version=N` shows an older version. */
export function DocPage() {
  const { pageId } = useParams();
  const [params] = useSearchParams();
  const version = Number(params.get("version")) || undefined;
  const page = useOperation("docs.get", { id: pageId!, version });
  return (
    <QueryState query={page} loading={<SkeletonRows rows={8} />}>
      {(data) => <PageView page={data} />}
    </QueryState>
  );
}
