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
import { providerLabel, tagText, typeLabel } from "./resource-labels.ts";
import { StateBadge } from "./state-badge.tsx";

type ResourceItem = OperationOutput<"inventory.search">["items"][number];
const SHOWN_TAGS = 3;

/** One page of resources; a row opens the resource. */
export function ResourcesTable({ items }: { items: ResourceItem[] }) {
  const navigate = useNavigate();
  return (
    <Table aria-label="Resources" data-testid="inventory-table">
      <TableHeader>
        <TableRow>
          <TableHead>Name</TableHead>
          <TableHead>Type</TableHead>
          <TableHead>Provider</TableHead>
          <TableHead>Region</TableHead>
          <TableHead>State</TableHead>
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
              <TableCell>{providerLabel(item.provider)}</TableCell>
              <TableCell>{item.region}</TableCell>
              <TableCell>
                <StateBadge state={item.state} deletedAt={item.deletedAt} />
              </TableCell>
              <TableCell className="max-w-64">
                <div className="flex flex-wrap gap-1">
                  {tags.slice(0, SHOWN_TAGS).map(([key, value]) => (
                    <Badge
                      key={key}
                      variant="outline"
                      className="max-w-32 truncate"
                      title={tagText(key, value)}
                    >
                      {tagText(key, value)}
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
