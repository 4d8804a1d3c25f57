import { QueryState } from "../../components/query-state.tsx";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogHeader,
  DialogTitle,
} from "../../components/ui/dialog.tsx";
import { useOperation } from "../../lib/operations.ts";
import { LogRows } from "./log-rows.tsx";

/** The lines logged just before and after one line, that line highlighted. */
export function LogContextDialog({ id, onClose }: { id: string | null; onClose: () => void }) {
  const context = useOperation(
    "logs.context",
    { id: id ?? "", before: 20, after: 20 },
    { enabled: id !== null },
  );
  return (
    <Dialog open={id !== null} onOpenChange={(open) => !open && onClose()}>
      <DialogContent className="max-w-4xl">
        <DialogHeader>
          <DialogTitle>Context</DialogTitle>
          <DialogDescription>
            Up to 20 lines before and after, from every service.
          </DialogDescription>
        </DialogHeader>
        <div className="max-h-[60vh] overflow-auto" data-testid="log-context">
          <QueryState query={context}>
            {(data) => (
              <LogRows
                items={[...data.before, data.line, ...data.after]}
                highlight={data.line.id}
              />
            )}
          </QueryState>
        </div>
      </DialogContent>
    </Dialog>
  );
}
