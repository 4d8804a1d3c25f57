import { ShieldCheck } from "lucide-react";
import { useState } from "react";
import { useParams } from "react-router";
import { PageHeader } from "../../components/page-header.tsx";
import { QueryState } from "../../components/query-state.tsx";
import { Button } from "../../components/ui/button.tsx";
import { EmptyState } from "../../components/ui/empty-state.tsx";
import { useOperation } from "../../lib/operations.ts";
import { can } from "../../lib/roles.ts";
import { useSession } from "../../lib/session.tsx";
import { ApprovalCard } from "./approval-card.tsx";

const FILTERS = [
  { value: "pending", label: "Waiting" },
  { value: undefined, label: "All" },
] as const;

/**
 * Requests from MCP clients, the agent and automations, each showing the exact operation and
 * input that will run. Opened from a notification, /approvals/<id> shows that one request.
 */
export function ApprovalsPage() {
  const { id } = useParams();
  const { role } = useSession();
  const [status, setStatus] = useState<"pending" | undefined>("pending");
  const list = useOperation("approvals.list", { status, limit: 100 }, { enabled: !id });
  const one = useOperation("approvals.get", { id: id ?? "" }, { enabled: !!id });
  const canDecide = can(role, "approvals:decide");
  return (
    <>
      <PageHeader
        title="Approvals"
        description="Changes asked for by MCP clients, the agent and automations wait here until a person approves them. Approved calls run as the person or token that asked, with their current role."
      />
      {id ? (
        <QueryState query={one}>
          {(approval) => <ApprovalCard approval={approval} canDecide={canDecide} />}
        </QueryState>
      ) : (
        <>
          <fieldset className="mb-4 flex gap-2">
            <legend className="sr-only">Show</legend>
            {FILTERS.map((filter) => (
              <Button
                key={filter.label}
                size="sm"
                variant={status === filter.value ? "default" : "outline"}
                aria-pressed={status === filter.value}
                onClick={() => setStatus(filter.value)}
              >
                {filter.label}
              </Button>
            ))}
          </fieldset>
          <QueryState
            query={list}
            empty={
              <EmptyState
                icon={ShieldCheck}
                title={status === "pending" ? "Nothing waiting" : "No requests yet"}
                description="When an MCP client or the agent asks to change something, it shows here."
              />
            }
          >
            {(rows) => (
              <ul className="flex flex-col gap-4">
                {rows.map((approval) => (
                  <li key={approval.id}>
                    <ApprovalCard approval={approval} canDecide={canDecide} />
                  </li>
                ))}
              </ul>
            )}
          </QueryState>
        </>
      )}
    </>
  );
}
