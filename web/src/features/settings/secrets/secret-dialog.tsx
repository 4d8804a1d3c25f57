import { Plus } from "lucide-react";
import { type FormEvent, useState } from "react";
import { describedBy, FormField } from "../../../components/form-field.tsx";
import { Alert } from "../../../components/ui/alert.tsx";
import { Button } from "../../../components/ui/button.tsx";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
} from "../../../components/ui/dialog.tsx";
import { Input, Textarea } from "../../../components/ui/input.tsx";
import { useToast } from "../../../components/ui/toast.tsx";
import { fieldError, formError, formText } from "../../../lib/form-errors.ts";
import { useOperationMutation } from "../../../lib/operations.ts";

const FIELDS = ["name", "value", "description"] as const;

/** Stores a new secret, or replaces the value of an existing one (its name stays). */
export function SecretDialog({
  existing,
}: {
  existing?: { name: string; description: string | null };
}) {
  const [open, setOpen] = useState(false);
  const toast = useToast();
  const save = useOperationMutation("secrets.set", {
    onSuccess: (secret) => {
      setOpen(false);
      toast({ title: `Secret ${secret.name} saved` });
    },
  });
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const description = formText(form, "description").trim();
    save.mutate({
      name: existing?.name ?? formText(form, "name").trim(),
      value: formText(form, "value"),
      description: description || undefined,
    });
  };
  const err = (f: string) => fieldError(save.error, f);
  const topError = formError(save.error, FIELDS);
  const id = existing ? `secret-${existing.name}` : "secret-new";
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) save.reset();
      }}
    >
      <DialogTrigger asChild>
        {existing ? (
          <Button variant="ghost" size="sm" aria-label={`Replace value of ${existing.name}`}>
            Replace
          </Button>
        ) : (
          <Button data-testid="new-secret">
            <Plus aria-hidden /> New secret
          </Button>
        )}
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>{existing ? `Replace ${existing.name}` : "New secret"}</DialogTitle>
          <DialogDescription>
            Encrypted with AES-256-GCM. Nobody can read the value back through Glass Pane.
          </DialogDescription>
        </DialogHeader>
        <form
          className="grid gap-4"
          onSubmit={onSubmit}
          noValidate
          aria-label={existing ? "Replace secret" : "New secret"}
        >
          {topError && <Alert variant="destructive">{topError}</Alert>}
          {!existing && (
            <FormField
              id={`${id}-name`}
              label="Name"
              error={err("name")}
              hint="Letters, digits, “_”, “.” and “-”, e.g. AWS_ACCESS_KEY_ID."
            >
              <Input
                id={`${id}-name`}
                name="name"
                autoComplete="off"
                className="font-mono"
                aria-invalid={!!err("name")}
                aria-describedby={describedBy(`${id}-name`, err("name"), true)}
              />
            </FormField>
          )}
          <FormField id={`${id}-value`} label="Value" error={err("value")}>
            <Textarea
              id={`${id}-value`}
              name="value"
              autoComplete="off"
              spellCheck={false}
              className="font-mono"
              aria-invalid={!!err("value")}
              aria-describedby={describedBy(`${id}-value`, err("value"))}
            />
          </FormField>
          <FormField
            id={`${id}-description`}
            label="Description (optional)"
            error={err("description")}
          >
            <Input
              id={`${id}-description`}
              name="description"
              defaultValue={existing?.description ?? ""}
            />
          </FormField>
          <DialogFooter>
            <Button variant="outline" onClick={() => setOpen(false)}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending}>
              Save secret
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
