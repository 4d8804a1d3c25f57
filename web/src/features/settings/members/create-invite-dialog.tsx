import { Plus } from "lucide-react";
import { type FormEvent, useState } from "react";
import { CopyField } from "../../../components/copy-field.tsx";
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
import { Input } from "../../../components/ui/input.tsx";
import { fieldError, formError, formText } from "../../../lib/form-errors.ts";
import { useOperationMutation } from "../../../lib/operations.ts";
import type { Role } from "../../../lib/roles.ts";
import { RoleSelect } from "./role-select.tsx";

/** The server answers a relative link when it has no public URL configured. */
function absoluteUrl(url: string): string {
  return url.startsWith("/") ? `${window.location.origin}${url}` : url;
}

export function CreateInviteDialog() {
  const [open, setOpen] = useState(false);
  const [role, setRole] = useState<Role>("member");
  const create = useOperationMutation("invites.create");
  const onOpenChange = (next: boolean) => {
    setOpen(next);
    if (!next) {
      create.reset();
      setRole("member");
    }
  };
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const email = formText(event.currentTarget, "email").trim();
    create.mutate({ role, email: email || undefined });
  };
  const emailError = fieldError(create.error, "email");
  const topError = formError(create.error, ["email", "role"]);

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogTrigger asChild>
        <Button data-testid="new-invite">
          <Plus aria-hidden /> Invite link
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>{create.data ? "Invitation link" : "Invite someone"}</DialogTitle>
          <DialogDescription>
            {create.data
              ? "Copy this link now and send it yourself: it is shown only once."
              : "Creates a link that adds one person to this workspace."}
          </DialogDescription>
        </DialogHeader>
        {create.data ? (
          <>
            <CopyField
              value={absoluteUrl(create.data.url)}
              label="Invitation link"
              testId="new-invite-url"
            />
            <DialogFooter>
              <Button onClick={() => onOpenChange(false)}>Done</Button>
            </DialogFooter>
          </>
        ) : (
          <form className="grid gap-4" onSubmit={onSubmit} noValidate aria-label="Invite someone">
            {topError && <Alert variant="destructive">{topError}</Alert>}
            <FormField id="invite-role" label="Role" error={fieldError(create.error, "role")}>
              <RoleSelect id="invite-role" value={role} onChange={setRole} withHints />
            </FormField>
            <FormField
              id="invite-email-only"
              label="Only for this email (optional)"
              error={emailError}
              hint="Leave empty to let whoever opens the link join."
            >
              <Input
                id="invite-email-only"
                name="email"
                type="email"
                autoComplete="off"
                aria-invalid={!!emailError}
                aria-describedby={describedBy("invite-email-only", emailError, true)}
              />
            </FormField>
            <DialogFooter>
              <Button variant="outline" onClick={() => onOpenChange(false)}>
                Cancel
              </Button>
              <Button type="submit" loading={create.isPending}>
                Create link
              </Button>
            </DialogFooter>
          </form>
        )}
      </DialogContent>
    </Dialog>
  );
}
