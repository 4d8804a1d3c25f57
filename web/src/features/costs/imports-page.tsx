import { FileClock } from "lucide-react";
import { QueryState } from "../../components/query-state.tsx";
import { Card, CardDescription, CardHeader, CardTitle } from "../../components/ui/card.tsx";
import { EmptyState } from "../../components/ui/empty-state.tsx";
import { useOperation } from "../../lib/operations.ts";
import { can } from "../../lib/roles.ts";
import { useSession } from "../../lib/session.tsx";
import { ImportsTable } from "./imports-table.tsx";
import { UploadCard } from "./upload-card.tsx";

/** Upload billing files and see what earlier imports brought in. */
export function ImportsPage() {
  const { role } = useSession();
  const canImport = can(role, "costs:import");
  const imports = useOperation("costs.imports.list", { limit: 200 });
  return (
    <div className="grid grid-cols-1 gap-6">
      {canImport && <UploadCard />}
      <Card>
        <CardHeader>
          <div>
            <CardTitle>Past imports</CardTitle>
            <CardDescription>
              Newest first. Open one for its totals per billing period and its FOCUS 1.2 conformance
              report.
            </CardDescription>
          </div>
        </CardHeader>
        <QueryState
          query={imports}
          empty={
            <EmptyState
              icon={FileClock}
              title="No imports yet"
              description={
                canImport
                  ? "Files you import above are listed here."
                  : "Owners, admins and members import billing files here."
              }
            />
          }
        >
          {(rows) => <ImportsTable rows={rows} canDelete={canImport} />}
        </QueryState>
      </Card>
    </div>
  );
}
