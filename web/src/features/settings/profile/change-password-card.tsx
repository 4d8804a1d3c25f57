import { type FormEvent, useState } from "react";
import { describedBy, FormField } from "../../../components/form-field.tsx";
import { PasswordInput } from "../../../components/password-input.tsx";
import { Alert } from "../../../components/ui/alert.tsx";
import { Button } from "../../../components/ui/button.tsx";
import {
  Card,
  CardContent,
  CardDescription,
  CardHeader,
  CardTitle,
} from "../../../components/ui/card.tsx";
import { useToast } from "../../../components/ui/toast.tsx";
import { fieldError, formError, formText } from "../../../lib/form-errors.ts";
import { useOperationMutation } from "../../../lib/operations.ts";
import { MIN_PASSWORD } from "../../auth/password-rules.ts";

const FIELDS = ["currentPassword", "newPassword"] as const;

export function ChangePasswordCard() {
  const toast = useToast();
  const [mismatch, setMismatch] = useState<string>();
  const change = useOperationMutation("auth.changePassword");

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const next = formText(form, "newPassword");
    if (next.length < MIN_PASSWORD) return setMismatch(`Use at least ${MIN_PASSWORD} characters.`);
    if (next !== formText(form, "confirmPassword"))
      return setMismatch("The two new passwords differ.");
    setMismatch(undefined);
    change.mutate(
      { currentPassword: formText(form, "currentPassword"), newPassword: next },
      {
        onSuccess: () => {
          form.reset();
          toast({ title: "Password changed", description: "Your other sessions were signed out." });
        },
      },
    );
  };
  const currentError = fieldError(change.error, "currentPassword");
  const newError = mismatch ?? fieldError(change.error, "newPassword");
  const topError = formError(change.error, FIELDS);

  return (
    <Card>
      <CardHeader>
        <div>
          <CardTitle>Change password</CardTitle>
          <CardDescription>Changing it signs out your other sessions.</CardDescription>
        </div>
      </CardHeader>
      <CardContent>
        <form
          className="grid max-w-md gap-4"
          onSubmit={onSubmit}
          noValidate
          aria-label="Change password"
        >
          {topError && <Alert variant="destructive">{topError}</Alert>}
          <FormField id="current-password" label="Current password" error={currentError}>
            <PasswordInput
              id="current-password"
              name="currentPassword"
              autoComplete="current-password"
              aria-invalid={!!currentError}
              aria-describedby={describedBy("current-password", currentError)}
            />
          </FormField>
          <FormField
            id="new-password"
            label="New password"
            error={newError}
            hint={`At least ${MIN_PASSWORD} characters.`}
          >
            <PasswordInput
              id="new-password"
              name="newPassword"
              autoComplete="new-password"
              aria-invalid={!!newError}
              aria-describedby={describedBy("new-password", newError, true)}
            />
          </FormField>
          <FormField id="confirm-password" label="Repeat new password">
            <PasswordInput
              id="confirm-password"
              name="confirmPassword"
              autoComplete="new-password"
            />
          </FormField>
          <div>
            <Button type="submit" loading={change.isPending}>
              Change password
            </Button>
          </div>
        </form>
      </CardContent>
    </Card>
  );
}
