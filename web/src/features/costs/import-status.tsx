import { useState } from "react";
import { ConfirmDialog } from "../../components/confirm-dialog.tsx";
import { Badge } from "../../components/ui/badge.tsx";
import { Button } from "../../components/ui/button.tsx";
import { useToast } from "../../components/ui/toast.tsx";
import type { OperationOutput } from "../../lib/api.ts";
import { useOperationMutation } from "../../lib/operations.ts";

type ImportStatus = OperationOutput<"costs.imports.list">[number]["status"];

const STATUS: Record<
  ImportStatus,
  { label: string; hint: string; variant: "success" | "warning" | "secondary" | "outline" }
> = {
  importing: { label: "Importing", hint: "The import is still running", variant: "outline" },
  imported: { label: "Imported", hint: "All its rows are in the ledger", variant: "success" },
  "partly-replaced": {
    label: "Partly replaced",
    hint: "A later import restated some of its billing periods",
    variant: "warning",
  },
  replaced: {
    label: "Replaced",
    hint: "A later import restated all its billing periods; none of its rows count",
    variant: "secondary",
  },
};

export function ImportStatusBadge({ status }: { status: ImportStatus }) {
  const { label, hint, variant } = STATUS[status];
  return (
    <Badge variant={variant} title={hint}>
      {label}
    </Badge>
  );
}

export function ConformanceBadges({ passed, failed }: { passed: number; failed: number }) {
  return (
    <span className="inline-flex gap-1.5">
      <Badge variant="success" title="FOCUS 1.2 rules that pass">
        {passed} pass
      </Badge>
      <Badge variant={failed > 0 ? "destructive" : "outline"} title="FOCUS 1.2 rules that fail">
        {failed} fail
      </Badge>
    </span>
  );
}

interface DeleteImportButtonProps {
  id: string;
  fileName: string;
  onDeleted?: () => void;
  size?: "sm" | "default";
}

/** Removes an import and its cost lines, after asking. */
export function DeleteImportButton({
  id,
  fileName,
  onDeleted,
  size = "sm",
}: DeleteImportButtonProps) {
  const [open, setOpen] = useState(false);
  const toast = useToast();
  const remove = useOperationMutation("costs.imports.delete", {
    onSuccess: () => {
      toast({ title: `${fileName} deleted`, description: "Its costs are gone from the ledger." });
      onDeleted?.();
    },
  });
  return (
    <>
      <Button
        variant={size === "sm" ? "danger" : "outline"}
        size={size}
        onClick={() => setOpen(true)}
        aria-label={`Delete import ${fileName}`}
      >
        Delete
      </Button>
      <ConfirmDialog
        open={open}
        onOpenChange={setOpen}
        title={`Delete “${fileName}”?`}
        description="Its cost lines leave the ledger and the explorer's totals drop accordingly. Periods it replaced from earlier imports do not come back: import those files again if you need them."
        confirmLabel="Delete import"
        onConfirm={() => remove.mutateAsync({ id })}
      />
    </>
  );
}
