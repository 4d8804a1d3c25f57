import type { UseQueryResult } from "@tanstack/react-query";
import { RotateCw } from "lucide-react";
import type { ReactNode } from "react";
import { errorMessage } from "../lib/api.ts";
import { Alert } from "./ui/alert.tsx";
import { Button } from "./ui/button.tsx";
import { SkeletonRows } from "./ui/skeleton.tsx";

export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  return (
    <div className="p-4">
      <Alert variant="destructive" title="Could not load this">
        <p>{errorMessage(error)}</p>
        {onRetry && (
          <Button variant="outline" size="sm" className="mt-3 text-foreground" onClick={onRetry}>
            <RotateCw aria-hidden /> Try again
          </Button>
        )}
      </Alert>
    </div>
  );
}

interface QueryStateProps<T> {
  query: UseQueryResult<T, unknown>;
  children: (data: T) => ReactNode;
  /** Shown instead of children when isEmpty says the data has nothing to show. */
  empty?: ReactNode;
  isEmpty?: (data: T) => boolean;
  loading?: ReactNode;
}

/** One place for the loading, error and empty states every data view needs. */
export function QueryState<T>({ query, children, empty, isEmpty, loading }: QueryStateProps<T>) {
  if (query.isPending) return <>{loading ?? <SkeletonRows />}</>;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  const data = query.data as T;
  const emptyByDefault = Array.isArray(data) && data.length === 0;
  if (empty && (isEmpty ? isEmpty(data) : emptyByDefault)) return <>{empty}</>;
  return <>{children(data)}</>;
}
