import { useQueryClient } from "@tanstack/react-query";
import { LogOut, Settings, UserRound } from "lucide-react";
import { useNavigate } from "react-router";
import {
  call,
  clearCsrfToken,
  errorMessage,
  isApiError,
  setWorkspaceHeader,
} from "../../lib/api.ts";
import { useSession } from "../../lib/session.tsx";
import { Button } from "../ui/button.tsx";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "../ui/dropdown-menu.tsx";
import { useToast } from "../ui/toast.tsx";

export function useSignOut(): () => Promise<void> {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const toast = useToast();
  return async () => {
    try {
      await call("auth.logout");
    } catch (error) {
      // An already-ended session is as good as signed out; anything else is worth saying.
      if (!isApiError(error, "unauthenticated")) {
        toast({ title: "Sign-out failed", description: errorMessage(error), variant: "error" });
        return;
      }
    }
    clearCsrfToken();
    setWorkspaceHeader(undefined);
    queryClient.clear();
    navigate("/login", { replace: true });
  };
}

export function UserMenu() {
  const { user } = useSession();
  const navigate = useNavigate();
  const signOut = useSignOut();
  const initial = (user.name || user.email).slice(0, 1).toUpperCase();
  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button
          variant="ghost"
          size="icon"
          className="rounded-full"
          aria-label="User menu"
          data-testid="user-menu"
        >
          <span className="flex size-8 items-center justify-center rounded-full bg-muted text-sm font-semibold">
            {initial}
          </span>
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent align="end" className="w-60">
        <DropdownMenuLabel className="font-normal">
          <span className="block truncate text-sm font-medium text-foreground">{user.name}</span>
          <span className="block truncate">{user.email}</span>
        </DropdownMenuLabel>
        <DropdownMenuSeparator />
        <DropdownMenuItem onSelect={() => navigate("/settings/profile")}>
          <UserRound aria-hidden /> Profile
        </DropdownMenuItem>
        <DropdownMenuItem onSelect={() => navigate("/settings")}>
          <Settings aria-hidden /> Settings
        </DropdownMenuItem>
        <DropdownMenuSeparator />
        <DropdownMenuItem onSelect={() => void signOut()} data-testid="sign-out">
          <LogOut aria-hidden /> Sign out
        </DropdownMenuItem>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
