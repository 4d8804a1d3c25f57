import { PageHeader } from "../../../components/page-header.tsx";
import { can } from "../../../lib/roles.ts";
import { useSession } from "../../../lib/session.tsx";
import { InvitesCard } from "./invites-card.tsx";
import { MembersCard } from "./members-card.tsx";

export function MembersPage() {
  const { role } = useSession();
  const canManage = can(role, "members:manage");
  return (
    <>
      <PageHeader
        title="Members"
        description={
          canManage
            ? "Who can use this workspace, and with which role."
            : "Who can use this workspace."
        }
      />
      <div className="grid gap-6">
        <MembersCard canManage={canManage} />
        {canManage && <InvitesCard />}
      </div>
    </>
  );
}
