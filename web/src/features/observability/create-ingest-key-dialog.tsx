import { Plus } from "lucide-react";
import { type FormEvent, useState } from "react";
import { CopyField } from "../../components/copy-field.tsx";
import { describedBy, FormField } from "../../components/form-field.tsx";
import { Alert } from "../../components/ui/alert.tsx";
import { Button } from "../../components/ui/button.tsx";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
} from "../../components/ui/dialog.tsx";
import { Input } from "../../components/ui/input.tsx";
import { fieldError, formError, formText } from "../../lib/form-errors.ts";
import { useOperationMutation } from "../../lib/operations.ts";

/** Creates an ingest key and shows it once. */
export function CreateIngestKeyDialog() {
  const [open, setOpen] = useState(false);
  const create = useOperationMutation("ingest.keys.create");
  const onOpenChange = (next: boolean) => {
    setOpen(next);
    if (!next) create.reset();
  };
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const port = formText(event.currentTarget, "syslogPort").trim();
    create.mutate({
      name: formText(event.currentTarget, "name").trim(),
      defaultService: formText(event.currentTarget, "defaultService").trim(),
      ...(port ? { syslogPort: Number(port) } : {}),
    });
  };
  const errors = {
    name: fieldError(create.error, "name"),
    defaultService: fieldError(create.error, "defaultService"),
    syslogPort: fieldError(create.error, "syslogPort"),
  };
  const topError = formError(create.error, ["name", "defaultService", "syslogPort"]);
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogTrigger asChild>
        <Button data-testid="new-ingest-key">
          <Plus aria-hidden /> New source
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>{create.data ? "Your new ingest key" : "New log source"}</DialogTitle>
          <DialogDescription>
            {create.data
              ? `Lines sent with it that name no service go to “${create.data.defaultService}”.`
              : "One key per sender, so each can be revoked on its own."}
          </DialogDescription>
        </DialogHeader>
        {create.data ? (
          <>
            <Alert variant="warning" title="Copy it now">
              This is the only time the key is shown. Glass Pane stores only a hash of it.
            </Alert>
            <CopyField value={create.data.key} label="Ingest key" testId="new-ingest-key-value" />
            <DialogFooter>
              <Button onClick={() => onOpenChange(false)}>I have copied it</Button>
            </DialogFooter>
          </>
        ) : (
          <form className="grid gap-4" onSubmit={onSubmit} noValidate aria-label="New log source">
            {topError && <Alert variant="destructive">{topError}</Alert>}
            {(["name", "defaultService", "syslogPort"] as const).map((field) => (
              <FormField
                key={field}
                id={`ingest-${field}`}
                label={
                  field === "name"
                    ? "Name"
                    : field === "defaultService"
                      ? "Default service"
                      : "Syslog port (optional)"
                }
                error={errors[field]}
                hint={
                  field === "syslogPort"
                    ? "Syslog has no room for a key: senders to this port are this source."
                    : undefined
                }
              >
                <Input
                  id={`ingest-${field}`}
                  name={field}
                  inputMode={field === "syslogPort" ? "numeric" : undefined}
                  autoComplete="off"
                  data-testid={`ingest-${field}`}
                  aria-invalid={!!errors[field]}
                  aria-describedby={describedBy(
                    `ingest-${field}`,
                    errors[field],
                    field === "syslogPort",
                  )}
                />
              </FormField>
            ))}
            <DialogFooter>
              <Button type="submit" disabled={create.isPending} data-testid="create-ingest-key">
                Create key
              </Button>
            </DialogFooter>
          </form>
        )}
      </DialogContent>
    </Dialog>
  );
}
