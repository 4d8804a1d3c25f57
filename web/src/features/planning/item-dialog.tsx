import { X } from "lucide-react";
import { type FormEvent, useState } from "react";
import { DeleteButton } from "../../components/delete-button.tsx";
import { FormField } from "../../components/form-field.tsx";
import { Alert } from "../../components/ui/alert.tsx";
import { Button } from "../../components/ui/button.tsx";
import {
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from "../../components/ui/dialog.tsx";
import { Input, inputClass } from "../../components/ui/input.tsx";
import { fieldError, formError } from "../../lib/form-errors.ts";
import { useOperationMutation } from "../../lib/operations.ts";
import { ProjectSelect } from "./project-select.tsx";
import type { Item, Roadmap } from "./roadmap-timeline.tsx";

const FIELDS = ["projectId", "kind", "title", "startDate", "endDate", "status"];

/** Creates an item, or edits one and its dependencies. */
export function ItemDialog({
  item,
  roadmap,
  projectId,
  onClose,
}: {
  item?: Item;
  roadmap: Roadmap;
  projectId?: string;
  onClose: () => void;
}) {
  const [project, setProject] = useState(item?.projectId ?? projectId ?? "");
  const [kind, setKind] = useState<Item["kind"]>(item?.kind ?? "epic");
  const [title, setTitle] = useState(item?.title ?? "");
  const [start, setStart] = useState(item?.startDate ?? "");
  const [end, setEnd] = useState(item?.endDate ?? "");
  const [status, setStatus] = useState<Item["status"]>(item?.status ?? "planned");
  const create = useOperationMutation("roadmap.create");
  const update = useOperationMutation("roadmap.update");
  const remove = useOperationMutation("roadmap.delete");
  const save = item ? update : create;
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const dates = { startDate: kind === "epic" ? start || null : null, endDate: end };
    if (item) update.mutate({ id: item.id, kind, title, status, ...dates }, { onSuccess: onClose });
    else
      create.mutate({ projectId: project, kind, title, status, ...dates }, { onSuccess: onClose });
  };
  const error = (field: string) => fieldError(save.error, field);
  const top = formError(save.error, FIELDS);
  return (
    <DialogContent className="max-w-lg">
      <DialogHeader>
        <DialogTitle>{item ? item.title : "New roadmap item"}</DialogTitle>
        <DialogDescription>
          An epic spans weeks; a milestone is one date. Dependents start once this ends.
        </DialogDescription>
      </DialogHeader>
      <form className="grid gap-4" onSubmit={onSubmit} noValidate aria-label="Roadmap item">
        {top && <Alert variant="destructive">{top}</Alert>}
        {!item && (
          <FormField id="item-project" label="Project" error={error("projectId")}>
            <ProjectSelect
              id="item-project"
              value={project}
              onChange={setProject}
              emptyLabel="Choose a project"
            />
          </FormField>
        )}
        <div className="grid gap-4 sm:grid-cols-2">
          <FormField id="item-kind" label="Kind" error={error("kind")}>
            <select
              id="item-kind"
              className={inputClass}
              value={kind}
              onChange={(e) => setKind(e.target.value as Item["kind"])}
            >
              <option value="epic">Epic</option>
              <option value="milestone">Milestone</option>
            </select>
          </FormField>
          <FormField id="item-status" label="Status" error={error("status")}>
            <select
              id="item-status"
              className={inputClass}
              value={status}
              onChange={(e) => setStatus(e.target.value as Item["status"])}
            >
              <option value="planned">Planned</option>
              <option value="in_progress">In progress</option>
              <option value="done">Done</option>
            </select>
          </FormField>
        </div>
        <FormField id="item-title" label="Title" error={error("title")}>
          <Input id="item-title" value={title} onChange={(e) => setTitle(e.target.value)} />
        </FormField>
        <div className="grid gap-4 sm:grid-cols-2">
          {kind === "epic" && (
            <FormField id="item-start" label="Start" error={error("startDate")}>
              <Input
                id="item-start"
                type="date"
                value={start}
                onChange={(e) => setStart(e.target.value)}
              />
            </FormField>
          )}
          <FormField
            id="item-end"
            label={kind === "epic" ? "End" : "Date"}
            error={error("endDate")}
          >
            <Input id="item-end" type="date" value={end} onChange={(e) => setEnd(e.target.value)} />
          </FormField>
        </div>
        <DialogFooter>
          {item && (
            <DeleteButton
              label="Delete item"
              pending={remove.isPending}
              onDelete={() => remove.mutate({ id: item.id }, { onSuccess: onClose })}
            />
          )}
          <Button type="submit" disabled={save.isPending}>
            {item ? "Save" : "Add to roadmap"}
          </Button>
        </DialogFooter>
      </form>
      {item && <Dependencies item={item} roadmap={roadmap} />}
    </DialogContent>
  );
}

function Dependencies({ item, roadmap }: { item: Item; roadmap: Roadmap }) {
  const add = useOperationMutation("roadmap.dependencies.add");
  const remove = useOperationMutation("roadmap.dependencies.remove");
  const [choice, setChoice] = useState("");
  const titles = new Map(roadmap.items.map((i) => [i.id, i.title]));
  const after = roadmap.dependencies.filter((d) => d.itemId === item.id);
  const candidates = roadmap.items.filter(
    (i) => i.id !== item.id && !after.some((d) => d.dependsOnId === i.id),
  );
  return (
    <section className="grid gap-2 border-t pt-4" aria-label="Depends on">
      <h3 className="text-sm font-medium">Starts after</h3>
      {after.length === 0 && (
        <p className="text-sm text-muted-foreground">Nothing: it can start any time.</p>
      )}
      <ul className="grid gap-1">
        {after.map((d) => (
          <li
            key={d.dependsOnId}
            className="flex items-center justify-between rounded border px-2 py-1 text-sm"
          >
            {titles.get(d.dependsOnId)}
            <Button
              variant="ghost"
              size="icon"
              aria-label={`Remove dependency on ${titles.get(d.dependsOnId)}`}
              onClick={() => remove.mutate({ itemId: item.id, dependsOnId: d.dependsOnId })}
            >
              <X className="size-4" aria-hidden />
            </Button>
          </li>
        ))}
      </ul>
      <form
        className="flex gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          if (choice)
            add.mutate(
              { itemId: item.id, dependsOnId: choice },
              { onSuccess: () => setChoice("") },
            );
        }}
      >
        <select
          aria-label="Add a dependency"
          className={inputClass}
          value={choice}
          onChange={(e) => setChoice(e.target.value)}
        >
          <option value="">Add an item it waits for…</option>
          {candidates.map((c) => (
            <option key={c.id} value={c.id}>
              {c.title}
            </option>
          ))}
        </select>
        <Button type="submit" variant="outline" disabled={!choice || add.isPending}>
          Add
        </Button>
      </form>
      {add.error && (
        <Alert variant="destructive">
          {fieldError(add.error, "dependsOnId") ?? formError(add.error, [])}
        </Alert>
      )}
    </section>
  );
}
