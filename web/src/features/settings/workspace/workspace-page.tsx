import { PageHeader } from "../../../components/page-header.tsx";
import {
  Card,
  CardContent,
  CardDescription,
  CardHeader,
  CardTitle,
} from "../../../components/ui/card.tsx";
import { can } from "../../../lib/roles.ts";
import { useSession } from "../../../lib/session.tsx";
import { CreateWorkspaceForm } from "./create-workspace-form.tsx";
import { DeleteWorkspaceCard } from "./delete-workspace-card.tsx";
import { DemoWorkspaceCard } from "./demo-workspace-card.tsx";
import { WorkspaceDetailsCard } from "./workspace-details-card.tsx";

export function WorkspacePage() {
  const { role, workspace } = useSession();
  return (
    <>
      <PageHeader
        title="Workspace"
        description="Name, currency, locale and time zone of this workspace, and new workspaces."
      />
      <div className="grid gap-6">
        <WorkspaceDetailsCard key={workspace?.id} />
        <Card id="new-workspace">
          <CardHeader>
            <div>
              <CardTitle>New workspace</CardTitle>
              <CardDescription>
                A separate space with its own members, clouds and clients. You become its owner.
              </CardDescription>
            </div>
          </CardHeader>
          <CardContent>
            <CreateWorkspaceForm />
          </CardContent>
        </Card>
        <DemoWorkspaceCard />
        {can(role, "workspace:delete") && <DeleteWorkspaceCard />}
      </div>
    </>
  );
}
