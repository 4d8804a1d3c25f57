import { Plug } from "lucide-react";
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
import { Tabs, TabsList, TabsTrigger } from "../../../components/ui/tabs.tsx";
import { useToast } from "../../../components/ui/toast.tsx";
import { fieldError, formError, formText } from "../../../lib/form-errors.ts";
import { useOperationMutation } from "../../../lib/operations.ts";

const FIELDS = ["name", "url", "bearer", "command", "args", "env"] as const;

/** `KEY=value` per line → an object; blank lines skipped. */
function envOf(text: string): Record<string, string> | undefined {
  const entries = text
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const at = line.indexOf("=");
      return at < 0 ? [line, ""] : [line.slice(0, at).trim(), line.slice(at + 1)];
    });
  return entries.length > 0 ? Object.fromEntries(entries) : undefined;
}

/** Connects to an MCP server (URL, or a command where the instance allows it) and lists its tools. */
export function AddMcpDialog() {
  const [open, setOpen] = useState(false);
  const [transport, setTransport] = useState<"url" | "command">("url");
  const toast = useToast();
  const add = useOperationMutation("toolsources.addMcp", {
    onSuccess: (source) => {
      setOpen(false);
      toast({ title: `${source.title}: ${source.toolCount} tools added` });
    },
  });
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const name = formText(form, "name").trim();
    if (transport === "url") {
      const bearer = formText(form, "bearer").trim();
      add.mutate({ name, url: formText(form, "url").trim(), bearer: bearer || undefined });
    } else {
      const args = formText(form, "args")
        .split("\n")
        .map((a) => a.trim())
        .filter(Boolean);
      add.mutate({
        name,
        command: formText(form, "command").trim(),
        args: args.length > 0 ? args : undefined,
        env: envOf(formText(form, "env")),
      });
    }
  };
  const err = (f: string) => fieldError(add.error, f);
  const topError = formError(add.error, FIELDS);
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) add.reset();
      }}
    >
      <DialogTrigger asChild>
        <Button variant="outline" data-testid="add-mcp">
          <Plug aria-hidden /> Add MCP server
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Add an MCP server</DialogTitle>
          <DialogDescription>
            Glass Pane connects now and lists its tools. Only tools the server marks read-only run
            without your approval.
          </DialogDescription>
        </DialogHeader>
        <form className="grid gap-4" onSubmit={onSubmit} noValidate aria-label="Add MCP server">
          {topError && <Alert variant="destructive">{topError}</Alert>}
          <Tabs value={transport} onValueChange={(v) => setTransport(v as "url" | "command")}>
            <TabsList>
              <TabsTrigger value="url">By URL</TabsTrigger>
              <TabsTrigger value="command">As a command</TabsTrigger>
            </TabsList>
          </Tabs>
          <FormField
            id="mcp-name"
            label="Name"
            error={err("name")}
            hint="Tools are named ext_<name>_<tool>."
          >
            <Input
              id="mcp-name"
              name="name"
              autoComplete="off"
              className="font-mono"
              aria-invalid={!!err("name")}
              aria-describedby={describedBy("mcp-name", err("name"), true)}
            />
          </FormField>
          {transport === "url" ? (
            <>
              <FormField id="mcp-url" label="Endpoint (Streamable HTTP)" error={err("url")}>
                <Input
                  id="mcp-url"
                  name="url"
                  placeholder="https://mcp.example.com/mcp"
                  aria-invalid={!!err("url")}
                  aria-describedby={describedBy("mcp-url", err("url"))}
                />
              </FormField>
              <FormField
                id="mcp-bearer"
                label="Bearer token (optional)"
                error={err("bearer")}
                hint="Kept in the vault; never shown again."
              >
                <Input
                  id="mcp-bearer"
                  name="bearer"
                  type="password"
                  autoComplete="off"
                  aria-invalid={!!err("bearer")}
                  aria-describedby={describedBy("mcp-bearer", err("bearer"), true)}
                />
              </FormField>
            </>
          ) : (
            <>
              <Alert>
                Runs on this server with its rights, so the operator has to allow it with
                GLASSPANE_ALLOW_MCP_COMMANDS=true.
              </Alert>
              <FormField id="mcp-command" label="Command" error={err("command")}>
                <Input
                  id="mcp-command"
                  name="command"
                  placeholder="/usr/local/bin/github-mcp-server"
                  className="font-mono"
                  aria-invalid={!!err("command")}
                  aria-describedby={describedBy("mcp-command", err("command"))}
                />
              </FormField>
              <FormField id="mcp-args" label="Arguments, one per line" error={err("args")}>
                <Textarea id="mcp-args" name="args" className="font-mono" rows={2} />
              </FormField>
              <FormField
                id="mcp-env"
                label="Environment, KEY=value per line"
                error={err("env")}
                hint="Values are kept in the vault; the server gets no other variables of ours."
              >
                <Textarea
                  id="mcp-env"
                  name="env"
                  className="font-mono"
                  rows={2}
                  aria-describedby={describedBy("mcp-env", err("env"), true)}
                />
              </FormField>
            </>
          )}
          <DialogFooter>
            <Button variant="outline" onClick={() => setOpen(false)}>
              Cancel
            </Button>
            <Button type="submit" loading={add.isPending}>
              Connect and add
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
