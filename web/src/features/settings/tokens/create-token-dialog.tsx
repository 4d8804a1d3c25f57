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
import {
  Select,
  SelectContent,
  SelectItem,
  SelectTrigger,
  SelectValue,
} from "../../../components/ui/select.tsx";
import { fieldError, formError, formText } from "../../../lib/form-errors.ts";
import { useOperationMutation } from "../../../lib/operations.ts";
import { isRole, ROLE_LABELS, type Role } from "../../../lib/roles.ts";
import { useSession } from "../../../lib/session.tsx";

const RANK: Role[] = ["owner", "admin", "member", "viewer"];
const EXPIRY = [
  { value: "30", label: "30 days" },
  { value: "90", label: "90 days" },
  { value: "365", label: "1 year" },
  { value: "never", label: "Never" },
];

/** Roles a token may have: the creator's own role or a weaker one. */
function rolesUpTo(role: string | undefined): Role[] {
  if (!role || !isRole(role) || role === "client") return [];
  return RANK.slice(RANK.indexOf(role));
}

export function CreateTokenDialog() {
  const { role: ownRole } = useSession();
  const roles = rolesUpTo(ownRole);
  const [open, setOpen] = useState(false);
  const [role, setRole] = useState<Role | undefined>(roles[0]);
  const [expiry, setExpiry] = useState("90");
  const create = useOperationMutation("tokens.create");
  const onOpenChange = (next: boolean) => {
    setOpen(next);
    if (next) setRole(roles[0]);
    else create.reset();
  };
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    create.mutate({
      name: formText(event.currentTarget, "name").trim(),
      role,
      expiresInDays: expiry === "never" ? undefined : Number(expiry),
    });
  };
  const nameError = fieldError(create.error, "name");
  const topError = formError(create.error, ["name"]);

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogTrigger asChild>
        <Button data-testid="new-token">
          <Plus aria-hidden /> New token
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>{create.data ? "Your new API token" : "New API token"}</DialogTitle>
          <DialogDescription>
            {create.data
              ? `“${create.data.name}” can act as ${ROLE_LABELS[create.data.role]} in this workspace.`
              : "The token acts with the role you choose, never more than your own."}
          </DialogDescription>
        </DialogHeader>
        {create.data ? (
          <>
            <Alert variant="warning" title="Copy it now">
              This is the only time the token is shown. Glass Pane stores only a hash of it.
            </Alert>
            <CopyField value={create.data.token} label="API token" testId="new-token-value" />
            <DialogFooter>
              <Button onClick={() => onOpenChange(false)} data-testid="new-token-done">
                I have copied it
              </Button>
            </DialogFooter>
          </>
        ) : (
          <form className="grid gap-4" onSubmit={onSubmit} noValidate aria-label="New API token">
            {topError && <Alert variant="destructive">{topError}</Alert>}
            <FormField
              id="token-name"
              label="Name"
              error={nameError}
              hint="What uses it, e.g. “CI deploy” or “laptop CLI”."
            >
              <Input
                id="token-name"
                name="name"
                autoComplete="off"
                data-testid="new-token-name"
                aria-invalid={!!nameError}
                aria-describedby={describedBy("token-name", nameError, true)}
              />
            </FormField>
            <div className="grid gap-4 sm:grid-cols-2">
              <FormField id="token-role" label="Role">
                <Select value={role} onValueChange={(v) => setRole(v as Role)}>
                  <SelectTrigger id="token-role">
                    <SelectValue />
                  </SelectTrigger>
                  <SelectContent>
                    {roles.map((r) => (
                      <SelectItem key={r} value={r}>
                        {ROLE_LABELS[r]}
                      </SelectItem>
                    ))}
                  </SelectContent>
                </Select>
              </FormField>
              <FormField id="token-expiry" label="Expires after">
                <Select value={expiry} onValueChange={setExpiry}>
                  <SelectTrigger id="token-expiry">
                    <SelectValue />
                  </SelectTrigger>
                  <SelectContent>
                    {EXPIRY.map((e) => (
                      <SelectItem key={e.value} value={e.value}>
                        {e.label}
                      </SelectItem>
                    ))}
                  </SelectContent>
                </Select>
              </FormField>
            </div>
            <DialogFooter>
              <Button variant="outline" onClick={() => onOpenChange(false)}>
                Cancel
              </Button>
              <Button type="submit" loading={create.isPending} data-testid="new-token-submit">
                Create token
              </Button>
            </DialogFooter>
          </form>
        )}
      </DialogContent>
    </Dialog>
  );
}
