import { useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { describedBy, FormField } from "../../../components/form-field.tsx";
import { Alert } from "../../../components/ui/alert.tsx";
import { Button } from "../../../components/ui/button.tsx";
import {
  Card,
  CardContent,
  CardDescription,
  CardHeader,
  CardTitle,
} from "../../../components/ui/card.tsx";
import { Input } from "../../../components/ui/input.tsx";
import {
  Select,
  SelectContent,
  SelectItem,
  SelectTrigger,
  SelectValue,
} from "../../../components/ui/select.tsx";
import { useToast } from "../../../components/ui/toast.tsx";
import { fieldError, formError, formText } from "../../../lib/form-errors.ts";
import { createFormatters } from "../../../lib/format.ts";
import { useOperationMutation } from "../../../lib/operations.ts";
import { keys } from "../../../lib/query.ts";
import { can } from "../../../lib/roles.ts";
import { useSession, useWorkspace } from "../../../lib/session.tsx";
import { CURRENCIES, LOCALES, localeName, withCurrent } from "./locales.ts";
import { TimeZoneField } from "./time-zone-field.tsx";

const FIELDS = ["name", "currency", "locale", "timezone"] as const;

export function WorkspaceDetailsCard() {
  const workspace = useWorkspace();
  const { role } = useSession();
  const canEdit = can(role, "workspace:manage");
  const [currency, setCurrency] = useState(workspace.currency);
  const [locale, setLocale] = useState(workspace.locale);
  const [timezone, setTimezone] = useState(workspace.timezone);
  const queryClient = useQueryClient();
  const toast = useToast();
  const update = useOperationMutation("workspaces.update", {
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: keys.session });
      toast({ title: "Workspace saved" });
    },
  });
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    update.mutate({
      name: formText(event.currentTarget, "name").trim(),
      currency,
      locale,
      timezone: timezone.trim(),
    });
  };
  const preview = createFormatters(locale, currency);
  const nameError = fieldError(update.error, "name");
  const topError = formError(update.error, FIELDS);

  return (
    <Card>
      <CardHeader>
        <div>
          <CardTitle>Details</CardTitle>
          <CardDescription>
            {canEdit
              ? "Numbers, money and dates across Glass Pane follow these."
              : "Only owners and admins can change these."}
          </CardDescription>
        </div>
      </CardHeader>
      <CardContent>
        <form
          className="grid max-w-xl gap-4"
          onSubmit={onSubmit}
          aria-label="Workspace details"
          noValidate
        >
          {topError && <Alert variant="destructive">{topError}</Alert>}
          <FormField id="workspace-name" label="Name" error={nameError}>
            <Input
              id="workspace-name"
              name="name"
              defaultValue={workspace.name}
              disabled={!canEdit}
              aria-invalid={!!nameError}
              aria-describedby={describedBy("workspace-name", nameError)}
            />
          </FormField>
          <div className="grid gap-4 sm:grid-cols-2">
            <FormField
              id="workspace-currency"
              label="Currency"
              error={fieldError(update.error, "currency")}
            >
              <Select value={currency} onValueChange={setCurrency} disabled={!canEdit}>
                <SelectTrigger id="workspace-currency">
                  <SelectValue />
                </SelectTrigger>
                <SelectContent>
                  {withCurrent(CURRENCIES, workspace.currency).map((c) => (
                    <SelectItem key={c} value={c}>
                      {c}
                    </SelectItem>
                  ))}
                </SelectContent>
              </Select>
            </FormField>
            <FormField
              id="workspace-locale"
              label="Locale"
              error={fieldError(update.error, "locale")}
            >
              <Select value={locale} onValueChange={setLocale} disabled={!canEdit}>
                <SelectTrigger id="workspace-locale">
                  <SelectValue />
                </SelectTrigger>
                <SelectContent>
                  {withCurrent(LOCALES, workspace.locale).map((l) => (
                    <SelectItem key={l} value={l}>
                      {localeName(l)} ({l})
                    </SelectItem>
                  ))}
                </SelectContent>
              </Select>
            </FormField>
          </div>
          <TimeZoneField
            value={timezone}
            onChange={setTimezone}
            locale={locale}
            error={fieldError(update.error, "timezone")}
            disabled={!canEdit}
          />
          <p className="text-sm text-muted-foreground">
            Preview: {preview.money(1234.5)} · {preview.number(1234567.89)} ·{" "}
            {preview.dateTime(new Date().toISOString())}
          </p>
          {canEdit && (
            <div>
              <Button type="submit" loading={update.isPending}>
                Save changes
              </Button>
            </div>
          )}
        </form>
      </CardContent>
    </Card>
  );
}
