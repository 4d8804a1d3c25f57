import {
  Box,
  ExternalLink,
  FileText,
  GitCommit,
  Link2,
  ListTodo,
  Plus,
  Siren,
  TriangleAlert,
  X,
} from "lucide-react";
import { type FormEvent, useState } from "react";
import { Link } from "react-router";
import { Alert } from "../../../components/ui/alert.tsx";
import { Button } from "../../../components/ui/button.tsx";
import { Input } from "../../../components/ui/input.tsx";
import { fieldError, formError } from "../../../lib/form-errors.ts";
import { useOperationMutation } from "../../../lib/operations.ts";
import type { TaskDetail } from "../task-format.ts";
import { useOpenTask } from "../use-project.ts";
import { FieldSelect } from "./field-select.tsx";
import { Section } from "./task-relations.tsx";

type LinkRow = TaskDetail["links"][number];
type Kind = LinkRow["kind"];

const KINDS: { value: Kind; label: string; icon: typeof Box; hint: string }[] = [
  { value: "url", label: "Web page", icon: Link2, hint: "https://…" },
  { value: "resource", label: "Resource", icon: Box, hint: "ResourceId, e.g. arn:aws:…" },
  { value: "alert", label: "Alert", icon: Siren, hint: "Alert id" },
  { value: "cost_anomaly", label: "Cost anomaly", icon: TriangleAlert, hint: "Anomaly id" },
  { value: "invoice", label: "Invoice", icon: FileText, hint: "Invoice id or number" },
  { value: "commit", label: "Commit", icon: GitCommit, hint: "SHA or owner/repo@sha" },
  { value: "task", label: "Task", icon: ListTodo, hint: "Task id" },
];

function LinkTarget({ link }: { link: LinkRow }) {
  const openTask = useOpenTask();
  const text = link.title ?? link.target;
  if (link.kind === "url" || (link.kind === "commit" && /^https?:/.test(link.target)))
    return (
      <a
        href={link.target}
        target="_blank"
        rel="noopener noreferrer"
        className="inline-flex min-w-0 items-center gap-1 truncate hover:underline"
      >
        <span className="truncate">{text}</span>{" "}
        <ExternalLink className="size-3 shrink-0" aria-hidden />
      </a>
    );
  if (link.kind === "cost_anomaly")
    return (
      <Link to={`/costs/anomalies/${link.target}`} className="truncate hover:underline">
        {text}
      </Link>
    );
  if (link.kind === "task")
    return (
      <button
        type="button"
        className="truncate text-left hover:underline"
        onClick={() => openTask(link.target)}
      >
        {text}
      </button>
    );
  return <span className="truncate font-mono text-xs">{text}</span>;
}

/** What the task points at outside the board, with a small form to add a link. */
export function TaskLinks({ task, canWrite }: { task: TaskDetail; canWrite: boolean }) {
  const add = useOperationMutation("tasks.links.add");
  const remove = useOperationMutation("tasks.links.remove");
  const [kind, setKind] = useState<Kind>("url");
  const [target, setTarget] = useState("");
  const [title, setTitle] = useState("");
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    add.mutate(
      {
        taskId: task.id,
        kind,
        target: target.trim(),
        ...(title.trim() ? { title: title.trim() } : {}),
      },
      {
        onSuccess: () => {
          setTarget("");
          setTitle("");
        },
      },
    );
  };
  const error = fieldError(add.error, "target") ?? formError(add.error, ["target"]);
  return (
    <Section title="Links">
      {task.links.length > 0 ? (
        <ul className="grid">
          {task.links.map((link) => {
            const Icon = KINDS.find((k) => k.value === link.kind)?.icon ?? Link2;
            return (
              <li
                key={link.id}
                className="flex items-center gap-2 rounded-md px-2 py-1 text-sm hover:bg-accent"
              >
                <Icon
                  className="size-4 shrink-0 text-muted-foreground"
                  aria-label={link.kind.replace("_", " ")}
                />
                <LinkTarget link={link} />
                {canWrite && (
                  <Button
                    variant="ghost"
                    size="icon-sm"
                    className="ml-auto"
                    onClick={() => remove.mutate({ id: link.id })}
                    aria-label="Remove link"
                  >
                    <X aria-hidden />
                  </Button>
                )}
              </li>
            );
          })}
        </ul>
      ) : (
        <p className="text-sm text-muted-foreground">No links yet.</p>
      )}
      {canWrite && (
        <form onSubmit={onSubmit} className="grid gap-2 sm:grid-cols-[9rem_1fr_8rem_auto]">
          <FieldSelect
            id="link-kind"
            label="Kind of link"
            value={kind}
            onChange={(v) => setKind((v ?? "url") as Kind)}
            choices={KINDS.map((k) => ({ value: k.value, label: k.label }))}
            className="h-8"
          />
          <Input
            value={target}
            onChange={(e) => setTarget(e.target.value)}
            placeholder={KINDS.find((k) => k.value === kind)?.hint}
            aria-label="Link target"
            className="h-8"
          />
          <Input
            value={title}
            onChange={(e) => setTitle(e.target.value)}
            placeholder="Title (optional)"
            aria-label="Link title"
            className="h-8"
          />
          <Button type="submit" size="sm" variant="outline" loading={add.isPending}>
            <Plus aria-hidden /> Link
          </Button>
        </form>
      )}
      {error && <Alert variant="destructive">{error}</Alert>}
    </Section>
  );
}
