import { RotateCcw, Trash2 } from "lucide-react";
import { useState } from "react";
import { useNavigate } from "react-router";
import { ConfirmDialog } from "../../components/confirm-dialog.tsx";
import { PageHeader } from "../../components/page-header.tsx";
import { QueryState } from "../../components/query-state.tsx";
import { Button } from "../../components/ui/button.tsx";
import { EmptyState } from "../../components/ui/empty-state.tsx";
import { SkeletonRows } from "../../components/ui/skeleton.tsx";
import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "../../components/ui/table.tsx";
import { useToast } from "../../components/ui/toast.tsx";
import { errorMessage, type OperationOutput } from "../../lib/api.ts";
import { useOperation, useOperationMutation } from "../../lib/operations.ts";
import { can } from "../../lib/roles.ts";
import { useSession } from "../../lib/session.tsx";
import { KIND_LABELS } from "./doc-kinds.ts";

type Entry = OperationOutput<"docs.trash.list">[number];

/** Deleted pages: restore one (with its sub-pages, versions and links) or delete it for good. */
export function DocsTrashPage() {
  const { role, format } = useSession();
  const canWrite = can(role, "docs:write");
  const trash = useOperation("docs.trash.list");
  const restore = useOperationMutation("docs.trash.restore");
  const purge = useOperationMutation("docs.trash.purge");
  const [purging, setPurging] = useState<Entry | null>(null);
  const navigate = useNavigate();
  const toast = useToast();
  const onRestore = (entry: Entry) =>
    restore.mutate(
      { id: entry.id },
      {
        onSuccess: (result) => {
          toast({
            title: `Restored “${result.title}”`,
            description: result.movedToTop
              ? "Its parent page is gone, so it is back at the top of the tree."
              : undefined,
          });
          navigate(`/docs/${result.pageId}`);
        },
        onError: (e) =>
          toast({ title: "Not restored", description: errorMessage(e), variant: "error" }),
      },
    );
  return (
    <div className="grid gap-4">
      <PageHeader
        title="Trash"
        description="Deleted pages wait here for 30 days with their sub-pages, versions and links, then go for good."
      />
      <QueryState query={trash} loading={<SkeletonRows rows={4} label="Loading the trash" />}>
        {(entries) =>
          entries.length === 0 ? (
            <EmptyState icon={Trash2} title="The trash is empty" />
          ) : (
            <Table aria-label="Deleted pages" data-testid="docs-trash">
              <TableHeader>
                <TableRow>
                  <TableHead>Page</TableHead>
                  <TableHead>Deleted</TableHead>
                  <TableHead>Gone for good</TableHead>
                  {canWrite && <TableHead className="sr-only">Actions</TableHead>}
                </TableRow>
              </TableHeader>
              <TableBody>
                {entries.map((entry) => (
                  <TableRow key={entry.id} data-testid="trash-row">
                    <TableCell>
                      <span className="font-medium">{entry.title}</span>
                      <span className="ml-2 text-xs text-muted-foreground">
                        {KIND_LABELS[entry.kind]}
                        {entry.pageCount > 1 &&
                          ` · with ${entry.pageCount - 1} sub-page${entry.pageCount === 2 ? "" : "s"}`}
                      </span>
                    </TableCell>
                    <TableCell className="text-sm">
                      {format.dateTime(entry.deletedAt)}
                      {entry.deletedBy && ` by ${entry.deletedBy.name}`}
                    </TableCell>
                    <TableCell className="text-sm">{format.date(entry.purgeAfter)}</TableCell>
                    {canWrite && (
                      <TableCell className="text-right whitespace-nowrap">
                        <Button
                          variant="outline"
                          size="sm"
                          disabled={restore.isPending}
                          onClick={() => onRestore(entry)}
                          data-testid="trash-restore"
                        >
                          <RotateCcw aria-hidden /> Restore
                        </Button>{" "}
                        <Button
                          variant="ghost"
                          size="sm"
                          onClick={() => setPurging(entry)}
                          data-testid="trash-purge"
                        >
                          Delete for good
                        </Button>
                      </TableCell>
                    )}
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )
        }
      </QueryState>
      <ConfirmDialog
        open={Boolean(purging)}
        onOpenChange={(open) => !open && setPurging(null)}
        title={`Delete “${purging?.title ?? ""}” for good?`}
        description="Its pages, versions and links cannot be brought back afterwards."
        confirmLabel="Delete for good"
        onConfirm={async () => {
          await purge.mutateAsync({ id: purging!.id });
        }}
      />
    </div>
  );
}
