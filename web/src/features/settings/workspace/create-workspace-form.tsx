import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useNavigate } from "react-router";
import { describedBy, FormField } from "../../../components/form-field.tsx";
import { Alert } from "../../../components/ui/alert.tsx";
import { Button } from "../../../components/ui/button.tsx";
import { Input } from "../../../components/ui/input.tsx";
import {
  Select,
  SelectContent,
  SelectItem,
  SelectTrigger,
  SelectValue,
} from "../../../components/ui/select.tsx";
import { useToast } from "../../../components/ui/toast.tsx";
import {
  type ApiError,
  call,
  type OperationInput,
  type OperationOutput,
} from "../../../lib/api.ts";
import { fieldError, formError, formText } from "../../../lib/form-errors.ts";
import { keys } from "../../../lib/query.ts";
import { useSession } from "../../../lib/session.tsx";
import { CURRENCIES } from "./locales.ts";

const FIELDS = ["name", "currency"] as const;

/** Creates a workspace and switches to it. Used in settings and when someone has none. */
export function CreateWorkspaceForm() {
  const { workspace, selectWorkspace } = useSession();
  const [currency, setCurrency] = useState(workspace?.currency ?? "USD");
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const toast = useToast();
  const create = useMutation<
    OperationOutput<"workspaces.create">,
    ApiError,
    OperationInput<"workspaces.create">
  >({
    mutationFn: (input) => call("workspaces.create", input),
    onSuccess: async (created) => {
      await queryClient.invalidateQueries({ queryKey: keys.session });
      selectWorkspace(created.id);
      toast({
        title: `Workspace “${created.name}” created`,
        description: "You are now working in it.",
      });
      navigate("/");
    },
  });
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    create.mutate({ name: formText(event.currentTarget, "name").trim(), currency });
  };
  const nameError = fieldError(create.error, "name");
  const topError = formError(create.error, FIELDS);
  return (
    <form
      className="grid max-w-xl gap-4"
      onSubmit={onSubmit}
      aria-label="Create workspace"
      noValidate
    >
      {topError && <Alert variant="destructive">{topError}</Alert>}
      <div className="grid gap-4 sm:grid-cols-[1fr_9rem]">
        <FormField id="new-workspace-name" label="Workspace name" error={nameError}>
          <Input
            id="new-workspace-name"
            name="name"
            placeholder="e.g. Client work"
            aria-invalid={!!nameError}
            aria-describedby={describedBy("new-workspace-name", nameError)}
          />
        </FormField>
        <FormField
          id="new-workspace-currency"
          label="Currency"
          error={fieldError(create.error, "currency")}
        >
          <Select value={currency} onValueChange={setCurrency}>
            <SelectTrigger id="new-workspace-currency">
              <SelectValue />
            </SelectTrigger>
            <SelectContent>
              {CURRENCIES.map((c) => (
                <SelectItem key={c} value={c}>
                  {c}
                </SelectItem>
              ))}
            </SelectContent>
          </Select>
        </FormField>
      </div>
      <div>
        <Button type="submit" loading={create.isPending}>
          Create workspace
        </Button>
      </div>
    </form>
  );
}
