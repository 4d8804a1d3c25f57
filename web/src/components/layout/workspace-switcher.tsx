import { ChevronsUpDown, Plus } from "lucide-react";
import { useNavigate } from "react-router";
import { isRole, ROLE_LABELS } from "../../lib/roles.ts";
import { useSession } from "../../lib/session.tsx";
import { Badge } from "../ui/badge.tsx";
import { Button } from "../ui/button.tsx";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuRadioGroup,
  DropdownMenuRadioItem,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "../ui/dropdown-menu.tsx";

function initials(name: string): string {
  return name.trim().slice(0, 1).toUpperCase() || "?";
}

export function WorkspaceSwitcher() {
  const { workspaces, workspace, selectWorkspace } = useSession();
  const navigate = useNavigate();
  if (!workspace) return null;
  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button
          variant="ghost"
          // Shrinks (the name truncates) so the header fits a 390 px phone without scrolling.
          className="min-w-0 max-w-[16rem] shrink justify-start gap-2 px-2"
          aria-label={`Workspace: ${workspace.name}. Switch workspace`}
          data-testid="workspace-switcher"
        >
          <span className="flex size-6 shrink-0 items-center justify-center rounded-md bg-primary text-xs font-semibold text-primary-foreground">
            {initials(workspace.name)}
          </span>
          <span className="truncate">{workspace.name}</span>
          {workspace.isDemo && (
            <Badge variant="warning" className="hidden sm:inline-flex">
              Demo
            </Badge>
          )}
          <ChevronsUpDown className="ml-auto text-muted-foreground" aria-hidden />
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent align="start" className="w-72">
        <DropdownMenuLabel>Workspaces</DropdownMenuLabel>
        <DropdownMenuRadioGroup value={workspace.id} onValueChange={selectWorkspace}>
          {workspaces.map((w) => (
            <DropdownMenuRadioItem key={w.id} value={w.id}>
              <span className="flex min-w-0 flex-1 flex-col">
                <span className="truncate">{w.name}</span>
                <span className="text-xs text-muted-foreground">
                  {isRole(w.role) ? ROLE_LABELS[w.role] : w.role}
                  {w.isDemo ? " · demo" : ""}
                </span>
              </span>
            </DropdownMenuRadioItem>
          ))}
        </DropdownMenuRadioGroup>
        <DropdownMenuSeparator />
        <DropdownMenuItem onSelect={() => navigate("/settings/workspace#new-workspace")}>
          <Plus aria-hidden /> Create workspace
        </DropdownMenuItem>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
