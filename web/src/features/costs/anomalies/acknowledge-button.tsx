import { Check } from "lucide-react";
import { useId, useState } from "react";
import { Alert } from "../../../components/ui/alert.tsx";
import { Button } from "../../../components/ui/button.tsx";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from "../../../components/ui/dialog.tsx";
import { Textarea } from "../../../components/ui/input.tsx";
import { Label } from "../../../components/ui/label.tsx";
import { useToast } from "../../../components/ui/toast.tsx";
import { errorMessage } from "../../../lib/api.ts";
import { useOperationMutation } from "../../../lib/operations.ts";

/** Ids costs.anomalies.acknowledgeMany takes a call. */
const ACKNOWLEDGE_MANY = 20;
/** The audit entry keeps this much of the note (the server refuses longer ones). */
const MAX_NOTE = 200;

interface AcknowledgeButtonProps {
  id: string;
  /** Several anomalies at once (an event's open days), `id` among them. */
  ids?: string[];
  /** What it is about, for the dialog and the button's accessible name. */
  label: string;
  size?: "sm" | "default";
}

/** Marks an anomaly as seen, with an optional note for the audit log. */
export function AcknowledgeButton({ id, ids, label, size = "sm" }: AcknowledgeButtonProps) {
  const [open, setOpen] = useState(false);
  const [note, setNote] = useState("");
  const noteId = useId();
  const toast = useToast();
  const many = ids !== undefined && ids.length > 1;
  const done = () => {
    setOpen(false);
    setNote("");
    toast({
      title: many ? `${ids.length} anomalies acknowledged` : "Anomaly acknowledged",
      description: label,
    });
  };
  const acknowledgeOne = useOperationMutation("costs.anomalies.acknowledge", { onSuccess: done });
  const acknowledgeMany = useOperationMutation("costs.anomalies.acknowledgeMany");
  const acknowledge = many ? acknowledgeMany : acknowledgeOne;
  const submit = async () => {
    const withNote = note.trim() ? { note: note.trim() } : {};
    if (!many) return acknowledgeOne.mutate({ id, ...withNote });
    // The operation takes ACKNOWLEDGE_MANY ids a call, so its audit entry names each.
    try {
      for (let at = 0; at < ids.length; at += ACKNOWLEDGE_MANY)
        await acknowledgeMany.mutateAsync({
          ids: ids.slice(at, at + ACKNOWLEDGE_MANY),
          ...withNote,
        });
    } catch {
      return; // shown in the dialog; the days done so far stay done
    }
    done();
  };
  return (
    <>
      <Button
        variant="outline"
        size={size}
        onClick={() => setOpen(true)}
        aria-label={`Acknowledge ${label}`}
      >
        <Check aria-hidden /> Acknowledge
      </Button>
      <Dialog
        open={open}
        onOpenChange={(next) => {
          if (!next) acknowledge.reset();
          setOpen(next);
        }}
      >
        <DialogContent>
          <DialogHeader>
            <DialogTitle>
              {many ? `Acknowledge these ${ids.length} anomalies?` : "Acknowledge this anomaly?"}
            </DialogTitle>
            <DialogDescription>
              {label}. It stays in the list, marked as seen, and later detection runs leave it so.
            </DialogDescription>
          </DialogHeader>
          <div className="grid gap-2">
            <Label htmlFor={noteId}>Note (optional)</Label>
            <Textarea
              id={noteId}
              value={note}
              maxLength={MAX_NOTE}
              placeholder="Why it is fine, or what was done — kept in the audit log"
              onChange={(event) => setNote(event.target.value)}
            />
          </div>
          {acknowledge.isError && (
            <Alert variant="destructive">{errorMessage(acknowledge.error)}</Alert>
          )}
          <DialogFooter>
            <Button variant="outline" onClick={() => setOpen(false)}>
              Cancel
            </Button>
            <Button loading={acknowledge.isPending} onClick={submit}>
              Acknowledge
            </Button>
          </DialogFooter>
        </DialogContent>
      </Dialog>
    </>
  );
}
