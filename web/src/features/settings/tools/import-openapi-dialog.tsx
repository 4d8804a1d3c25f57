import { FileJson } from "lucide-react";
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
import {
  Select,
  SelectContent,
  SelectItem,
  SelectTrigger,
  SelectValue,
} from "../../../components/ui/select.tsx";
import { useToast } from "../../../components/ui/toast.tsx";
import { fieldError, formError, formText } from "../../../lib/form-errors.ts";
import { useOperationMutation } from "../../../lib/operations.ts";

const FIELDS = ["name", "url", "document", "baseUrl", "auth.credential", "auth.param"] as const;
const AUTH_KINDS = {
  none: "No authentication",
  bearer: "Bearer token",
  apiKeyHeader: "API key in a header",
  apiKeyQuery: "API key in the query",
  basic: "Basic (user:password)",
} as const;
type AuthKind = keyof typeof AUTH_KINDS;

/** Imports an OpenAPI 3 document (by URL or pasted) as tools, with how to authenticate. */
export function ImportOpenApiDialog() {
  const [open, setOpen] = useState(false);
  const [auth, setAuth] = useState<AuthKind>("bearer");
  const toast = useToast();
  const save = useOperationMutation("toolsources.import", {
    onSuccess: (source) => {
      setOpen(false);
      const skipped = source.skipped.length ? ` (${source.skipped.length} skipped)` : "";
      toast({ title: `${source.title}: ${source.toolCount} tools imported${skipped}` });
    },
  });
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const text = (n: string) => formText(form, n).trim() || undefined;
    save.mutate({
      name: formText(form, "name").trim(),
      url: text("url"),
      document: text("document"),
      baseUrl: text("baseUrl"),
      auth:
        auth === "none"
          ? { kind: "none" }
          : { kind: auth, param: text("param"), credential: formText(form, "credential") },
    });
  };
  const err = (f: string) => fieldError(save.error, f);
  const topError = formError(save.error, FIELDS);
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) save.reset();
      }}
    >
      <DialogTrigger asChild>
        <Button data-testid="import-openapi">
          <FileJson aria-hidden /> Import OpenAPI
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Import an OpenAPI document</DialogTitle>
          <DialogDescription>
            Each operation becomes a tool. GET and HEAD run at once; everything else waits for your
            approval.
          </DialogDescription>
        </DialogHeader>
        <form className="grid gap-4" onSubmit={onSubmit} noValidate aria-label="Import OpenAPI">
          {topError && <Alert variant="destructive">{topError}</Alert>}
          <FormField id="oa-name" label="Name" error={err("name")} hint="e.g. digitalocean">
            <Input
              id="oa-name"
              name="name"
              autoComplete="off"
              className="font-mono"
              aria-invalid={!!err("name")}
              aria-describedby={describedBy("oa-name", err("name"), true)}
            />
          </FormField>
          <FormField id="oa-url" label="Document URL" error={err("url")}>
            <Input id="oa-url" name="url" placeholder="https://api.example.com/openapi.json" />
          </FormField>
          <FormField id="oa-document" label="…or paste it (JSON or YAML)" error={err("document")}>
            <Textarea id="oa-document" name="document" rows={3} className="font-mono" />
          </FormField>
          <FormField
            id="oa-base"
            label="Base URL (optional)"
            error={err("baseUrl")}
            hint="When the document names no server, or to call another one."
          >
            <Input
              id="oa-base"
              name="baseUrl"
              aria-describedby={describedBy("oa-base", err("baseUrl"), true)}
            />
          </FormField>
          <div className="grid gap-2">
            <span className="text-sm font-medium">Authentication</span>
            <Select value={auth} onValueChange={(v) => setAuth(v as AuthKind)}>
              <SelectTrigger aria-label="Authentication">
                <SelectValue />
              </SelectTrigger>
              <SelectContent>
                {Object.entries(AUTH_KINDS).map(([kind, label]) => (
                  <SelectItem key={kind} value={kind}>
                    {label}
                  </SelectItem>
                ))}
              </SelectContent>
            </Select>
          </div>
          {(auth === "apiKeyHeader" || auth === "apiKeyQuery") && (
            <FormField id="oa-param" label="Header or parameter name" error={err("auth.param")}>
              <Input id="oa-param" name="param" className="font-mono" placeholder="X-API-Key" />
            </FormField>
          )}
          {auth !== "none" && (
            <FormField
              id="oa-credential"
              label="Credential"
              error={err("auth.credential")}
              hint="Kept in the vault; never shown again."
            >
              <Input
                id="oa-credential"
                name="credential"
                type="password"
                autoComplete="off"
                aria-describedby={describedBy("oa-credential", err("auth.credential"), true)}
              />
            </FormField>
          )}
          <DialogFooter>
            <Button variant="outline" onClick={() => setOpen(false)}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending}>
              Import
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
