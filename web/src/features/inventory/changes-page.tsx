import { useState } from "react";
import { Link } from "react-router";
import { ChoiceField } from "../../components/choice-field.tsx";
import { CursorPager } from "../../components/cursor-pager.tsx";
import { QueryState } from "../../components/query-state.tsx";
import { Card } from "../../components/ui/card.tsx";
import { useOperation } from "../../lib/operations.ts";
import { ChangeHistory } from "./change-history.tsx";

const PAGE = 50;
const KINDS = [
  ["", "Any change"],
  ["created", "Created"],
  ["modified", "Modified"],
  ["deleted", "Deleted"],
] as const;

/**
 * /inventory/changes: what changed across every connected cloud, newest first — resources
 * created, modified (with what changed) and deleted, seen by discovery or made in Glass Pane —
 * by kind and connector, a page at a time.
 */
export function ChangesPage() {
  const [kind, setKind] = useState("");
  const [connectorId, setConnectorId] = useState("");
  const [cursors, setCursors] = useState<string[]>([]);
  const connectors = useOperation("connectors.list", {});
  const cursor = cursors.at(-1);
  const [before, beforeId] = cursor ? cursor.split("|") : [];
  const changes = useOperation("inventory.changes", {
    limit: PAGE,
    ...(kind ? { kind: kind as "created" | "modified" | "deleted" } : {}),
    ...(connectorId ? { connectorId } : {}),
    ...(before ? { before, beforeId } : {}),
  });
  const filter = (set: (value: string) => void) => (value: string) => {
    set(value);
    setCursors([]);
  };
  const items = changes.data?.items ?? [];
  const last = items.at(-1);
  return (
    <div className="grid gap-4">
      <div className="flex flex-wrap gap-3">
        <div className="w-44">
          <ChoiceField
            id="changes-kind"
            label="Kind"
            value={kind}
            options={KINDS}
            onChange={filter(setKind)}
          />
        </div>
        <div className="w-64">
          <ChoiceField
            id="changes-connector"
            label="Connector"
            value={connectorId}
            options={[
              ["", "Every connector"],
              ...(connectors.data ?? []).map((c) => [c.id, c.name] as const),
            ]}
            onChange={filter(setConnectorId)}
          />
        </div>
      </div>
      <Card className="p-4">
        <QueryState query={changes}>
          {(page) => <ChangeHistory changes={page.items} withResource />}
        </QueryState>
        <CursorPager
          cursors={cursors}
          setCursors={setCursors}
          nextCursor={items.length === PAGE && last ? `${last.at}|${last.id}` : null}
        >
          <Link to="/inventory" className="mr-auto text-sm text-muted-foreground hover:underline">
            All resources
          </Link>
        </CursorPager>
      </Card>
    </div>
  );
}
