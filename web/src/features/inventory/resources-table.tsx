import { ArrowDownWideNarrow } from "lucide-react";
import { Link, useNavigate } from "react-router";
import { Badge } from "../../components/ui/badge.tsx";
import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "../../components/ui/table.tsx";
import type { OperationOutput } from "../../lib/api.ts";
import { useFormat } from "../../lib/session.tsx";
import { createMoneyFormat } from "../costs/money.ts";
import { providerLabel, tagText, typeLabel } from "./resource-labels.ts";
import { StateBadge } from "./state-badge.tsx";

type Search = OperationOutput<"inventory.search">;
type ResourceItem = Search["items"][number];
const SHOWN_TAGS = 3;

/**
 * One page of resources; a row opens the resource. The Cost header sorts by cost (most
 * expensive first) and back to name order.
 */
export function ResourcesTable({
  items,
  costWindow,
  sort,
  onSort,
}: {
  items: ResourceItem[];
  costWindow: Search["costWindow"];
  sort: "name" | "cost";
  onSort: (sort: "name" | "cost") => void;
}) {
  const navigate = useNavigate();
  const format = useFormat();
  const money = (cost: NonNullable<ResourceItem["cost"]>) =>
    createMoneyFormat(format.locale, cost.currency).money(cost.effectiveCost);
  const windowText = costWindow.from
    ? `Effective cost ${format.day(costWindow.from)} – ${format.day(costWindow.to)} (the ledger's last 30 days)`
    : "No cost computed yet";
  const updating = costWindow.stale ? " (being updated after the latest import)" : "";
  return (
    <Table aria-label="Resources" data-testid="inventory-table">
      <TableHeader>
        <TableRow>
          <TableHead aria-sort={sort === "name" ? "ascending" : "none"}>
            <button
              type="button"
              className="font-medium uppercase tracking-wide hover:underline"
              onClick={() => onSort("name")}
              title="Sort by name"
            >
              Name
            </button>
          </TableHead>
          <TableHead>Type</TableHead>
          <TableHead>Provider · region</TableHead>
          <TableHead>State</TableHead>
          <TableHead className="text-right" aria-sort={sort === "cost" ? "descending" : "none"}>
            <button
              type="button"
              className="inline-flex items-center gap-1 font-medium uppercase tracking-wide hover:underline"
              onClick={() => onSort(sort === "cost" ? "name" : "cost")}
              title={`${windowText}${updating}. ${sort === "cost" ? "Sort by name" : "Sort by cost, highest first"}`}
              data-testid="sort-by-cost"
            >
              Cost (30 d)
              {sort === "cost" && <ArrowDownWideNarrow aria-hidden className="size-4" />}
            </button>
          </TableHead>
          <TableHead>Tags</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {items.map((item) => {
          const tags = Object.entries(item.tags);
          return (
            <TableRow
              key={item.id}
              className="cursor-pointer"
              onClick={() => navigate(`/inventory/resources/${item.id}`)}
            >
              <TableCell className="max-w-48">
                <Link
                  to={`/inventory/resources/${item.id}`}
                  className="block truncate font-medium hover:underline"
                  title={item.name}
                  onClick={(event) => event.stopPropagation()}
                >
                  {item.name}
                </Link>
                <div
                  className="truncate font-mono text-xs text-muted-foreground"
                  title={item.nativeId}
                >
                  {item.nativeId}
                </div>
              </TableCell>
              <TableCell className="max-w-44">
                <div>{typeLabel(item.type)}</div>
                {/* Provider type names have no break points (AWS::ElasticLoadBalancingV2::…):
                    left whole they pushed the Tags column out of sight on a 1440 px screen. */}
                <div className="truncate text-xs text-muted-foreground" title={item.nativeType}>
                  {item.nativeType}
                </div>
              </TableCell>
              <TableCell>
                <div>{providerLabel(item.provider)}</div>
                <div className="text-xs text-muted-foreground">{item.region}</div>
              </TableCell>
              <TableCell>
                <StateBadge state={item.state} deletedAt={item.deletedAt} />
              </TableCell>
              <TableCell className="text-right tabular-nums whitespace-nowrap">
                {item.cost ? money(item.cost) : <span className="text-muted-foreground">—</span>}
              </TableCell>
              <TableCell className="min-w-36 max-w-64">
                <div className="flex flex-wrap gap-1">
                  {tags.slice(0, SHOWN_TAGS).map(([key, value]) => (
                    <Badge
                      key={key}
                      variant="outline"
                      className="max-w-32"
                      title={tagText(key, value)}
                    >
                      {/* The ellipsis needs a block of its own: a flex badge clips its text bare. */}
                      <span className="truncate">{tagText(key, value)}</span>
                    </Badge>
                  ))}
                  {tags.length > SHOWN_TAGS && (
                    <span className="text-xs text-muted-foreground">
                      +{tags.length - SHOWN_TAGS}
                    </span>
                  )}
                </div>
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
