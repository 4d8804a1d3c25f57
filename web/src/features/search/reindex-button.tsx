import { RefreshCw } from "lucide-react";
import { Button } from "../../components/ui/button.tsx";
import { useToast } from "../../components/ui/toast.tsx";
import { errorMessage } from "../../lib/api.ts";
import { useOperationMutation } from "../../lib/operations.ts";
import { can } from "../../lib/roles.ts";
import { useSession } from "../../lib/session.tsx";

/** Admins: bring the index up to date now instead of waiting for the next background run. */
export function ReindexButton() {
  const { role, format } = useSession();
  const toast = useToast();
  const reindex = useOperationMutation("search.reindex");
  if (!can(role, "search:manage")) return null;
  const run = () =>
    reindex
      .mutateAsync({})
      .then((r) =>
        toast({
          title: "Search index is up to date",
          description: `${format.number(r.embedded)} embedded, ${format.number(r.unchanged)} unchanged, ${format.number(r.deleted)} removed.`,
        }),
      )
      .catch((error) =>
        toast({ title: "Could not reindex", description: errorMessage(error), variant: "error" }),
      );
  return (
    <Button
      variant="outline"
      onClick={() => void run()}
      disabled={reindex.isPending}
      data-testid="search-reindex"
    >
      <RefreshCw aria-hidden className={reindex.isPending ? "animate-spin" : undefined} />
      {reindex.isPending ? "Indexing…" : "Reindex now"}
    </Button>
  );
}
