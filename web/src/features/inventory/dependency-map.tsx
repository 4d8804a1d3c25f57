import { lazy, Suspense, useState } from "react";
import { QueryState } from "../../components/query-state.tsx";
import { Alert } from "../../components/ui/alert.tsx";
import { Card, CardContent, CardHeader, CardTitle } from "../../components/ui/card.tsx";
import { Input } from "../../components/ui/input.tsx";
import { Label } from "../../components/ui/label.tsx";
import type { OperationInput } from "../../lib/api.ts";
import { useOperation } from "../../lib/operations.ts";
import { PROVIDER_LABELS, TYPE_LABELS } from "./resource-labels.ts";

const DependencyMapChart = lazy(() => import("./dependency-map-chart.tsx"));

/** The map of one query: the chart, or why there is nothing to draw. */
export function DependencyMap(props: {
  input: OperationInput<"inventory.graph">;
  centre?: string;
  height?: number;
}) {
  const graph = useOperation("inventory.graph", props.input);
  return (
    <QueryState query={graph}>
      {(g) =>
        g.nodes.length <= 1 && g.edges.length === 0 ? (
          <p className="text-sm text-muted-foreground">No relations known.</p>
        ) : (
          <div className="grid gap-2">
            {g.truncated && (
              <Alert>
                Showing the first {g.nodes.length} resources only: narrow by provider or type.
              </Alert>
            )}
            <Suspense fallback={<div style={{ height: props.height ?? 420 }} />}>
              <DependencyMapChart graph={g} centre={props.centre} height={props.height} />
            </Suspense>
            <p className="text-xs text-muted-foreground">
              {g.nodes.length} resources, {g.edges.length} relations. Drag to move, scroll to zoom,
              click a resource to open it.
            </p>
          </div>
        )
      }
    </QueryState>
  );
}

/** The "Map" section of a resource page: what it is connected to, two steps out. */
export function ResourceMap({ resourceId }: { resourceId: string }) {
  const [depth, setDepth] = useState(2);
  return (
    <Card>
      <CardHeader className="flex flex-row items-center justify-between gap-2">
        <CardTitle>Map</CardTitle>
        <Label className="flex items-center gap-2 text-sm font-normal">
          Depth
          <Input
            type="number"
            min={1}
            max={5}
            value={depth}
            onChange={(e) => setDepth(Math.min(5, Math.max(1, Number(e.target.value) || 1)))}
            className="w-16"
          />
        </Label>
      </CardHeader>
      <CardContent>
        <DependencyMap input={{ id: resourceId, depth }} centre={resourceId} height={360} />
      </CardContent>
    </Card>
  );
}

/** /inventory/map: the workspace's resources and their relations, filtered by provider and type. */
export function MapPage() {
  const [provider, setProvider] = useState("");
  const [type, setType] = useState("");
  const input = {
    ...(provider ? { provider: provider as never } : {}),
    ...(type ? { type } : {}),
    limit: 300,
  };
  return (
    <div className="grid gap-4">
      <div className="flex flex-wrap gap-4">
        <Label className="grid gap-1">
          Provider
          <select
            className="h-9 rounded-md border bg-background px-2 text-sm"
            value={provider}
            onChange={(e) => setProvider(e.target.value)}
          >
            <option value="">All providers</option>
            {Object.entries(PROVIDER_LABELS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </Label>
        <Label className="grid gap-1">
          Type
          <select
            className="h-9 rounded-md border bg-background px-2 text-sm"
            value={type}
            onChange={(e) => setType(e.target.value)}
          >
            <option value="">All types</option>
            {Object.entries(TYPE_LABELS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </Label>
      </div>
      <Card>
        <CardContent className="pt-6">
          <DependencyMap input={input} height={600} />
        </CardContent>
      </Card>
    </div>
  );
}
