import { FileText } from "lucide-react";
import { useState } from "react";
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
import { Input, inputClass } from "../../components/ui/input.tsx";
import { errorMessage, isApiError, type OperationInput } from "../../lib/api.ts";
import { useOperation, useOperationMutation } from "../../lib/operations.ts";
import { cn } from "../../lib/utils.ts";
import { KIND_ICONS } from "./doc-kinds.ts";
import { buildTree, flatten, type TreeEntry } from "./tree.ts";

type TemplateId = NonNullable<OperationInput<"docs.create">["template"]>;
const BLANK = "blank" as const;
type Choice = TemplateId | typeof BLANK;

/** Creates a page, blank or from a template, under the chosen parent; then opens it. */
export function NewPageDialog(props: {
  parentId: string | null;
  entries: TreeEntry[];
  onClose: () => void;
}) {
  const { entries, onClose } = props;
  const templates = useOperation("docs.templates");
  const [title, setTitle] = useState("");
  const [template, setTemplate] = useState<Choice>(BLANK);
  const [parentId, setParentId] = useState(props.parentId ?? "");
  const create = useOperationMutation("docs.create");
  const navigate = useNavigate();
  const titleError =
    isApiError(create.error, "invalid_input") && create.error.field === "title"
      ? errorMessage(create.error)
      : undefined;

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    const page = await create.mutateAsync({
      title,
      parentId: parentId || null,
      ...(template === BLANK ? {} : { template }),
    });
    onClose();
    navigate(`/docs/${page.id}`);
  };

  const options = [
    { id: BLANK as Choice, name: "Blank page", description: "Start from nothing", Icon: FileText },
    ...(templates.data ?? []).map((t) => ({
      id: t.id as TemplateId,
      name: t.name,
      description: t.description,
      Icon: KIND_ICONS[t.kind],
    })),
  ];
  return (
    <Dialog open onOpenChange={(open) => !open && onClose()}>
      <DialogContent className="max-w-2xl">
        <form onSubmit={(e) => void submit(e).catch(() => {})} className="grid gap-4">
          <DialogHeader>
            <DialogTitle>New page</DialogTitle>
            <DialogDescription>Pick a template to start with a proven structure.</DialogDescription>
          </DialogHeader>
          <fieldset className="grid gap-2">
            <legend className="mb-2 text-sm font-medium">Template</legend>
            <div className="grid gap-2 sm:grid-cols-2">
              {options.map(({ id, name, description, Icon }) => (
                <label
                  key={id}
                  data-testid={`template-${id}`}
                  className={cn(
                    "flex cursor-pointer items-start gap-3 rounded-lg border p-3 text-sm hover:bg-accent/50 has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-ring",
                    template === id && "border-primary bg-primary/5",
                  )}
                >
                  <input
                    type="radio"
                    name="template"
                    value={id}
                    checked={template === id}
                    onChange={() => setTemplate(id)}
                    className="sr-only"
                  />
                  <Icon className="mt-0.5 size-4 shrink-0 text-muted-foreground" aria-hidden />
                  <span>
                    <span className="block font-medium">{name}</span>
                    <span className="block text-xs text-muted-foreground">{description}</span>
                  </span>
                </label>
              ))}
            </div>
          </fieldset>
          <FormField id="new-page-title" label="Title" error={titleError}>
            <Input
              id="new-page-title"
              value={title}
              onChange={(e) => setTitle(e.target.value)}
              placeholder="e.g. Checkout API: on-call runbook"
              aria-invalid={Boolean(titleError)}
              aria-describedby={describedBy("new-page-title", titleError)}
              autoFocus
              required
            />
          </FormField>
          <FormField id="new-page-parent" label="Under">
            <select
              id="new-page-parent"
              className={inputClass}
              value={parentId}
              onChange={(e) => setParentId(e.target.value)}
            >
              <option value="">Top level</option>
              {flatten(buildTree(entries)).map((n) => (
                <option key={n.page.id} value={n.page.id}>
                  {`${"\u00a0\u00a0".repeat(n.depth + 1)}${n.page.title}`}
                </option>
              ))}
            </select>
          </FormField>
          {create.isError && !titleError && (
            <Alert variant="destructive">{errorMessage(create.error)}</Alert>
          )}
          <DialogFooter>
            <Button variant="outline" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending} data-testid="new-page-submit">
              Create page
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
