import { PageHeader } from "../../../components/page-header.tsx";
import {
  Card,
  CardContent,
  CardDescription,
  CardHeader,
  CardTitle,
} from "../../../components/ui/card.tsx";
import { useSession } from "../../../lib/session.tsx";
import { ChangePasswordCard } from "./change-password-card.tsx";
import { SessionsCard } from "./sessions-card.tsx";

export function ProfilePage() {
  const { user } = useSession();
  return (
    <>
      <PageHeader title="Profile" description="Your account on this Glass Pane instance." />
      <div className="grid gap-6">
        <Card>
          <CardHeader>
            <div>
              <CardTitle>Account</CardTitle>
              <CardDescription>How your teammates see you in Glass Pane.</CardDescription>
            </div>
          </CardHeader>
          <CardContent>
            <dl className="grid gap-4 text-sm sm:grid-cols-2">
              <div>
                <dt className="text-muted-foreground">Name</dt>
                <dd className="mt-1 font-medium" data-testid="profile-name">
                  {user.name}
                </dd>
              </div>
              <div>
                <dt className="text-muted-foreground">Email</dt>
                <dd className="mt-1 font-medium" data-testid="profile-email">
                  {user.email}
                </dd>
              </div>
            </dl>
          </CardContent>
        </Card>
        <ChangePasswordCard />
        <SessionsCard />
      </div>
    </>
  );
}
