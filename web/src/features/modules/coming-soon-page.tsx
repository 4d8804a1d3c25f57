import { CircleDashed } from "lucide-react";
import { Link, Navigate } from "react-router";
import { PageHeader } from "../../components/page-header.tsx";
import { Badge } from "../../components/ui/badge.tsx";
import { Card, CardContent, CardHeader, CardTitle } from "../../components/ui/card.tsx";
import { useSession } from "../../lib/session.tsx";
import { MODULES, visibleModules } from "./modules.ts";

/** A module that is not built yet: says plainly what will be here, with no made-up data. */
export function ComingSoonPage({ moduleId }: { moduleId: string }) {
  const { role } = useSession();
  const module = MODULES.find((m) => m.id === moduleId);
  if (!module || !visibleModules(role).includes(module)) return <Navigate to="/" replace />;
  const Icon = module.icon;
  return (
    <>
      <PageHeader title={module.title} description={module.summary} />
      <Card>
        <CardHeader>
          <div className="flex items-center gap-3">
            <div className="flex size-10 items-center justify-center rounded-lg border bg-muted">
              <Icon className="size-5" aria-hidden />
            </div>
            <div>
              <CardTitle>Coming to Glass Pane</CardTitle>
              <p className="mt-1 text-sm text-muted-foreground">
                {module.availableNow
                  ? "Parts of this module already work (below). Here is what is still to come."
                  : "This module is not available yet. Here is what it will hold."}
              </p>
            </div>
          </div>
          <Badge variant="outline">
            <CircleDashed aria-hidden /> In development
          </Badge>
        </CardHeader>
        <CardContent>
          <ul className="grid gap-3 sm:grid-cols-3">
            {module.coming.map((item) => (
              <li key={item} className="rounded-lg border bg-muted/40 p-4 text-sm leading-relaxed">
                {item}
              </li>
            ))}
          </ul>
          {module.availableNow && (
            <section aria-label="Available now" className="mt-6 grid gap-2">
              <h2 className="text-sm font-medium">Available now</h2>
              <ul className="grid gap-1 text-sm">
                {module.availableNow.map((item) => (
                  <AvailableItem key={item} item={item} />
                ))}
              </ul>
            </section>
          )}
        </CardContent>
      </Card>
    </>
  );
}

/** A page of the app ("Logs (/logs)") is a link to it; a CLI command stays code. */
const PAGE_NAME = /^(.+) \((\/[\w/-]*)\)$/;

function AvailableItem({ item }: { item: string }) {
  const [name = "", ...rest] = item.split(":");
  const page = PAGE_NAME.exec(name);
  return (
    <li>
      {page ? (
        <Link to={page[2]!} className="font-medium underline underline-offset-2">
          {page[1]}
        </Link>
      ) : (
        <code className="rounded bg-muted px-1.5 py-0.5 text-xs">{name}</code>
      )}
      <span className="text-muted-foreground">:{rest.join(":")}</span>
    </li>
  );
}
