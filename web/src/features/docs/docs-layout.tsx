import { Plus, Trash2 } from "lucide-react";
import { useMemo, useState } from "react";
import { Link, Outlet, useNavigate, useParams } from "react-router";
import { ConfirmDialog } from "../../components/confirm-dialog.tsx";
import { QueryState } from "../../components/query-state.tsx";
import { Button } from "../../components/ui/button.tsx";
import { useToast } from "../../components/ui/toast.tsx";
import { useOperation, useOperationMutation } from "../../lib/operations.ts";
import { can } from "../../lib/roles.ts";
import { useSession } from "../../lib/session.tsx";
import { DocSearch } from "./doc-search.tsx";
import { DocTree } from "./doc-tree.tsx";
import { type DocsActions, DocsActionsContext } from "./docs-actions.tsx";
import { MoveDialog } from "./move-dialog.tsx";
import { NewPageDialog } from "./new-page-dialog.tsx";
import { ancestorIds, descendantIds } from "./tree.ts";

/** The wiki: search and the page tree on the left, the page (or home) on the right. */
export function DocsLayout() {
  const { role } = useSession();
  const canWrite = can(role, "docs:write");
  const tree = useOperation("docs.tree");
  const { pageId } = useParams();
  const navigate = useNavigate();
  const toast = useToast();
  const [creatingUnder, setCreatingUnder] = useState<string | null | undefined>(undefined);
  const [moving, setMoving] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<string | null>(null);
  const [searching, setSearching] = useState(false);
  const remove = useOperationMutation("docs.delete");

  const actions = useMemo<DocsActions>(
    () => ({
      newPage: (parentId = null) => setCreatingUnder(parentId),
      movePage: setMoving,
      deletePage: setDeleting,
    }),
    [],
  );
  const entries = tree.data ?? [];
  const doomed = entries.find((e) => e.id === deleting);
  const doomedBelow = deleting ? descendantIds(entries, deleting).size : 0;

  return (
    <DocsActionsContext.Provider value={actions}>
      <div className="grid gap-6 lg:grid-cols-[16rem_minmax(0,1fr)]">
        <aside className="min-w-0 lg:sticky lg:top-20 lg:max-h-[calc(100dvh-7rem)] lg:self-start lg:overflow-y-auto">
          <div className="mb-3 flex items-start gap-2">
            <DocSearch onActiveChange={setSearching} />
            {canWrite && (
              <Button
                size="icon"
                variant="outline"
                aria-label="New page"
                title="New page"
                data-testid="docs-new-page"
                onClick={() => actions.newPage(null)}
              >
                <Plus aria-hidden />
              </Button>
            )}
          </div>
          {!searching && (
            <QueryState query={tree}>
              {(data) => (
                <DocTree
                  entries={data}
                  currentId={pageId}
                  openIds={pageId ? [pageId, ...ancestorIds(data, pageId)] : []}
                  canWrite={canWrite}
                />
              )}
            </QueryState>
          )}
          <Link
            to="/docs/trash"
            className="mt-3 inline-flex items-center gap-2 px-2 text-sm text-muted-foreground hover:text-foreground"
            data-testid="docs-trash-link"
          >
            <Trash2 className="size-4" aria-hidden /> Trash
          </Link>
        </aside>
        <div className="min-w-0">
          <Outlet />
        </div>
      </div>
      {creatingUnder !== undefined && (
        <NewPageDialog
          parentId={creatingUnder}
          entries={entries}
          onClose={() => setCreatingUnder(undefined)}
        />
      )}
      {moving && <MoveDialog pageId={moving} entries={entries} onClose={() => setMoving(null)} />}
      <ConfirmDialog
        open={Boolean(doomed)}
        onOpenChange={(open) => !open && setDeleting(null)}
        title={`Delete “${doomed?.title ?? ""}”?`}
        description={
          doomedBelow > 0
            ? `Its ${doomedBelow} sub-page${doomedBelow === 1 ? "" : "s"}, every version and every link go with it, into the trash for 30 days.`
            : "It goes to the trash with its versions and links, restorable for 30 days."
        }
        confirmLabel={doomedBelow > 0 ? `Delete ${doomedBelow + 1} pages` : "Delete page"}
        onConfirm={async () => {
          const result = await remove.mutateAsync({ id: deleting! });
          toast({
            title: `Deleted “${result.title}”`,
            description:
              result.subPages > 0
                ? `${result.deleted} pages moved to the trash (with its sub-pages)`
                : "Moved to the trash: restore it from there within 30 days.",
          });
          const gone =
            deleting === pageId || (pageId && descendantIds(entries, deleting!).has(pageId));
          if (gone) navigate(doomed?.parentId ? `/docs/${doomed.parentId}` : "/docs");
        }}
      />
    </DocsActionsContext.Provider>
  );
}
