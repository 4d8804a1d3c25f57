import {
  Bell,
  FileSearch,
  FileText,
  Globe,
  LifeBuoy,
  ListTodo,
  type LucideIcon,
  Scale,
  Server,
  Siren,
} from "lucide-react";
import type { OperationOutput } from "../../lib/api.ts";

export type DocKind = OperationOutput<"docs.tree">[number]["kind"];
export type LinkKind = OperationOutput<"docs.get">["links"][number]["kind"];

export const KIND_LABELS: Record<DocKind, string> = {
  page: "Page",
  runbook: "Runbook",
  playbook: "Incident playbook",
  postmortem: "Post-mortem",
  adr: "Decision record",
};

export const KIND_ICONS: Record<DocKind, LucideIcon> = {
  page: FileText,
  runbook: LifeBuoy,
  playbook: Siren,
  postmortem: FileSearch,
  adr: Scale,
};

export const LINK_LABELS: Record<LinkKind, string> = {
  resource: "Resource",
  alert: "Alert",
  task: "Task",
  url: "Web page",
};

export const LINK_ICONS: Record<LinkKind, LucideIcon> = {
  resource: Server,
  alert: Bell,
  task: ListTodo,
  url: Globe,
};

export const LINK_HINTS: Record<LinkKind, string> = {
  resource: "A resource id, e.g. 210987654321/acme-db or an ARN",
  alert: "The alert's name or id: the alert will name this page as its runbook",
  task: "The task's id",
  url: "https://…",
};
