import { Bell, CheckCheck } from "lucide-react";
import { useNavigate } from "react-router";
import type { OperationOutput } from "../../lib/api.ts";
import { useOperation, useOperationMutation } from "../../lib/operations.ts";
import { useSession } from "../../lib/session.tsx";
import { cn } from "../../lib/utils.ts";
import { Button } from "../ui/button.tsx";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "../ui/dropdown-menu.tsx";

type Note = OperationOutput<"notifications.list">["items"][number];

/** Realtime events refresh the list at once; the poll only covers a dropped connection. */
const POLL_MS = 60_000;

/** The bell in the top bar: your unread count and latest notifications, opened as a menu. */
export function NotificationsBell() {
  const { format } = useSession();
  const navigate = useNavigate();
  const notes = useOperation("notifications.list", { limit: 15 }, { refetchInterval: POLL_MS });
  const markRead = useOperationMutation("notifications.markRead");
  const unread = notes.data?.unread ?? 0;
  const items = notes.data?.items ?? [];
  const open = (note: Note) => {
    if (!note.readAt) markRead.mutate({ ids: [note.id] });
    if (note.link?.startsWith("/")) navigate(note.link);
  };
  const label = unread > 0 ? `Notifications, ${unread} unread` : "Notifications";
  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button
          variant="ghost"
          size="icon"
          className="relative"
          aria-label={label}
          data-testid="notifications-bell"
        >
          <Bell aria-hidden />
          {unread > 0 && (
            <span
              aria-hidden
              data-testid="notifications-unread"
              className="absolute top-1 right-1 flex h-4 min-w-4 items-center justify-center rounded-full bg-destructive px-1 text-[10px] leading-none font-semibold text-destructive-foreground"
            >
              {unread > 99 ? "99+" : unread}
            </span>
          )}
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent align="end" className="w-80 max-w-[calc(100vw-1rem)]">
        <div className="flex items-center justify-between gap-2">
          <DropdownMenuLabel>Notifications</DropdownMenuLabel>
          {unread > 0 && (
            <Button
              variant="ghost"
              size="sm"
              className="h-7 px-2"
              onClick={() => markRead.mutate({ all: true })}
            >
              <CheckCheck aria-hidden /> Mark all read
            </Button>
          )}
        </div>
        <DropdownMenuSeparator />
        {notes.isError ? (
          <p className="px-2 py-3 text-sm text-muted-foreground">Could not load notifications.</p>
        ) : items.length === 0 ? (
          <p className="px-2 py-3 text-sm text-muted-foreground">
            {notes.isPending ? "Loading…" : "Nothing new. Budget alerts show up here."}
          </p>
        ) : (
          <div className="max-h-96 overflow-y-auto">
            {items.map((note) => (
              <DropdownMenuItem
                key={note.id}
                onSelect={() => open(note)}
                className="items-start gap-2 py-2"
                data-testid="notification-item"
              >
                <span
                  aria-hidden
                  className={cn(
                    "mt-1.5 size-2 shrink-0 rounded-full",
                    note.readAt ? "bg-transparent" : "bg-primary",
                  )}
                />
                <span className="grid min-w-0 gap-0.5">
                  <span className={cn("text-sm", !note.readAt && "font-medium")}>
                    {note.title}
                    {!note.readAt && <span className="sr-only"> (unread)</span>}
                  </span>
                  <span className="line-clamp-2 text-xs text-muted-foreground">{note.body}</span>
                  <span className="text-[11px] text-muted-foreground">
                    {format.relative(note.createdAt)}
                  </span>
                </span>
              </DropdownMenuItem>
            ))}
          </div>
        )}
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
