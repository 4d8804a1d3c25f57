import { useEffect, useRef } from "react";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogHeader,
  DialogTitle,
} from "../../components/ui/dialog.tsx";

/** Keys that work on every project page, and what they do. */
export const SHORTCUTS: [string, string][] = [
  ["c", "New task"],
  ["/", "Search the tasks"],
  ["j / k", "Select the next / previous task"],
  ["Enter", "Open the selected task"],
  ["n / p", "Next / previous month (calendar)"],
  ["?", "Show these shortcuts"],
  ["Esc", "Close a dialog"],
];

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return (
    target.isContentEditable ||
    ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName) ||
    target.closest("[role=dialog], [role=menu], [role=listbox]") !== null
  );
}

/**
 * Single-key shortcuts, ignored while typing or inside a dialog or menu. The handler map is
 * read through a ref so callers may pass a fresh object on every render.
 */
export function useShortcuts(handlers: Record<string, (() => void) | undefined>) {
  const ref = useRef(handlers);
  ref.current = handlers;
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.metaKey || event.ctrlKey || event.altKey || isTyping(event.target)) return;
      // Named keys are matched in lower case ("enter"); characters as typed ("?", "c").
      const handler = ref.current[event.key.length === 1 ? event.key : event.key.toLowerCase()];
      if (!handler) return;
      event.preventDefault();
      handler();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
}

/** Focuses the search box of the page shown (each view marks its own). */
export function focusSearch() {
  document.querySelector<HTMLInputElement>("[data-shortcut-search]")?.focus();
}

export function ShortcutsDialog({
  open,
  onOpenChange,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent data-testid="shortcuts-dialog">
        <DialogHeader>
          <DialogTitle>Keyboard shortcuts</DialogTitle>
          <DialogDescription>On the board, backlog, list and calendar.</DialogDescription>
        </DialogHeader>
        <dl className="grid grid-cols-[auto_1fr] gap-x-6 gap-y-2 text-sm">
          {SHORTCUTS.map(([key, what]) => (
            <div key={key} className="contents">
              <dt>
                <kbd className="rounded border bg-muted px-1.5 py-0.5 font-mono text-xs">{key}</kbd>
              </dt>
              <dd className="text-muted-foreground">{what}</dd>
            </div>
          ))}
        </dl>
      </DialogContent>
    </Dialog>
  );
}
