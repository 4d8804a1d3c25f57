import { type FormEvent, useState } from "react";
import { useNavigate } from "react-router";
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
} from "../../components/ui/dialog.tsx";
import { Input, Textarea } from "../../components/ui/input.tsx";
import { fieldError, formError } from "../../lib/form-errors.ts";
import { useOperationMutation } from "../../lib/operations.ts";

const FIELDS = ["key", "name", "description"];

/** "Acme website" → "AW"; the key is suggested from the name until typed by hand. */
function suggestKey(name: string): string {
  const words = name
    .toUpperCase()
    .replace(/[^A-Z0-9 ]/g, "")
    .split(/\s+/)
    .filter(Boolean);
  const key = words.length > 1 ? words.map((w) => w[0]).join("") : (words[0] ?? "").slice(0, 4);
  return key.slice(0, 10);
}

/** Creates a project, then opens its board. */
export function ProjectDialog({
  open,
  onOpenChange,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent>{open && <ProjectForm onClose={() => onOpenChange(false)} />}</DialogContent>
    </Dialog>
  );
}

function ProjectForm({ onClose }: { onClose: () => void }) {
  const navigate = useNavigate();
  const [name, setName] = useState("");
  const [key, setKey] = useState("");
  const [isKeyTyped, setIsKeyTyped] = useState(false);
  const [description, setDescription] = useState("");
  const create = useOperationMutation("projects.create");
  const shownKey = isKeyTyped ? key : suggestKey(name);
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(
      { name: name.trim(), key: shownKey.trim(), description },
      {
        onSuccess: (project) => {
          onClose();
          navigate(`/projects/${project.key}`);
        },
      },
    );
  };
  const error = (field: string) => fieldError(create.error, field);
  const top = formError(create.error, FIELDS);
  return (
    <>
      <DialogHeader>
        <DialogTitle>New project</DialogTitle>
        <DialogDescription>
          A board with Backlog, To do, In progress, Review and Done columns; change them later.
        </DialogDescription>
      </DialogHeader>
      <form id="project-form" className="grid gap-4" onSubmit={onSubmit} noValidate>
        {top && <Alert variant="destructive">{top}</Alert>}
        <FormField id="project-name" label="Name" error={error("name")}>
          <Input
            id="project-name"
            value={name}
            onChange={(e) => setName(e.target.value)}
            placeholder="e.g. Acme website rebuild"
            autoComplete="off"
            aria-invalid={!!error("name")}
            aria-describedby={describedBy("project-name", error("name"))}
            data-testid="project-name"
          />
        </FormField>
        <FormField
          id="project-key"
          label="Key"
          error={error("key")}
          hint="2–10 capital letters or digits; tasks are numbered KEY-1, KEY-2…"
        >
          <Input
            id="project-key"
            value={shownKey}
            onChange={(e) => {
              setIsKeyTyped(true);
              setKey(e.target.value.toUpperCase());
            }}
            maxLength={10}
            autoComplete="off"
            className="font-mono uppercase"
            aria-invalid={!!error("key")}
            aria-describedby={describedBy("project-key", error("key"), true)}
            data-testid="project-key"
          />
        </FormField>
        <FormField
          id="project-description"
          label="Description (optional)"
          error={error("description")}
        >
          <Textarea
            id="project-description"
            value={description}
            onChange={(e) => setDescription(e.target.value)}
            rows={3}
          />
        </FormField>
      </form>
      <DialogFooter>
        <Button variant="outline" onClick={onClose}>
          Cancel
        </Button>
        <Button
          type="submit"
          form="project-form"
          loading={create.isPending}
          data-testid="project-submit"
        >
          Create project
        </Button>
      </DialogFooter>
    </>
  );
}
