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
import type { OperationOutput } from "../../lib/api.ts";
import { fieldError, formError } from "../../lib/form-errors.ts";
import { useOperation, useOperationMutation } from "../../lib/operations.ts";
import { ProjectSelect } from "./project-select.tsx";

export type Risk = OperationOutput<"risks.list">["items"][number];

const FIELDS = [
  "projectId",
  "title",
  "likelihood",
  "impact",
  "ownerId",
  "status",
  "reviewDate",
  "mitigation",
];
export const LIKELIHOOD = ["Rare", "Unlikely", "Possible", "Likely", "Almost certain"];
export const IMPACT = ["Minor", "Moderate", "Serious", "Major", "Severe"];

function Scale({
  id,
  label,
  names,
  value,
  onChange,
  error,
}: {
  id: string;
  label: string;
  names: string[];
  value: number;
  onChange: (n: number) => void;
  error?: string;
}) {
  return (
    <FormField id={id} label={label} error={error}>
      <select
        id={id}
        className={inputClass}
        value={value}
        onChange={(e) => onChange(Number(e.target.value))}
      >
        {names.map((name, i) => (
          <option key={name} value={i + 1}>
            {i + 1} · {name}
          </option>
        ))}
      </select>
    </FormField>
  );
}

export function RiskDialog({
  risk,
  projectId,
  onClose,
}: {
  risk?: Risk;
  projectId?: string;
  onClose: () => void;
}) {
  const members = useOperation("members.list");
  const [project, setProject] = useState(risk?.projectId ?? projectId ?? "");
  const [title, setTitle] = useState(risk?.title ?? "");
  const [likelihood, setLikelihood] = useState(risk?.likelihood ?? 3);
  const [impact, setImpact] = useState(risk?.impact ?? 3);
  const [ownerId, setOwnerId] = useState(risk?.ownerId ?? "");
  const [status, setStatus] = useState<Risk["status"]>(risk?.status ?? "open");
  const [reviewDate, setReviewDate] = useState(risk?.reviewDate ?? "");
  const [mitigation, setMitigation] = useState(risk?.mitigation ?? "");
  const create = useOperationMutation("risks.create");
  const update = useOperationMutation("risks.update");
  const remove = useOperationMutation("risks.delete");
  const save = risk ? update : create;
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const fields = {
      title,
      likelihood,
      impact,
      status,
      mitigation,
      ownerId: ownerId || null,
      reviewDate: reviewDate || null,
    };
    if (risk) update.mutate({ id: risk.id, ...fields }, { onSuccess: onClose });
    else create.mutate({ projectId: project, ...fields }, { onSuccess: onClose });
  };
  const error = (field: string) => fieldError(save.error, field);
  const top = formError(save.error, FIELDS);
  return (
    <DialogContent className="max-w-lg">
      <DialogHeader>
        <DialogTitle>{risk ? risk.title : "New risk"}</DialogTitle>
        <DialogDescription>Exposure is likelihood × impact, 1 to 25.</DialogDescription>
      </DialogHeader>
      <form className="grid gap-4" onSubmit={onSubmit} noValidate aria-label="Risk">
        {top && <Alert variant="destructive">{top}</Alert>}
        {!risk && (
          <FormField id="risk-project" label="Project" error={error("projectId")}>
            <ProjectSelect
              id="risk-project"
              value={project}
              onChange={setProject}
              emptyLabel="Choose a project"
            />
          </FormField>
        )}
        <FormField id="risk-title" label="Risk" error={error("title")}>
          <Input id="risk-title" value={title} onChange={(e) => setTitle(e.target.value)} />
        </FormField>
        <div className="grid gap-4 sm:grid-cols-2">
          <Scale
            id="risk-likelihood"
            label="Likelihood"
            names={LIKELIHOOD}
            value={likelihood}
            onChange={setLikelihood}
            error={error("likelihood")}
          />
          <Scale
            id="risk-impact"
            label="Impact"
            names={IMPACT}
            value={impact}
            onChange={setImpact}
            error={error("impact")}
          />
          <FormField id="risk-owner" label="Owner" error={error("ownerId")}>
            <select
              id="risk-owner"
              className={inputClass}
              value={ownerId}
              onChange={(e) => setOwnerId(e.target.value)}
            >
              <option value="">Nobody yet</option>
              {(members.data ?? []).map((m) => (
                <option key={m.userId} value={m.userId}>
                  {m.name}
                </option>
              ))}
            </select>
          </FormField>
          <FormField id="risk-status" label="Status" error={error("status")}>
            <select
              id="risk-status"
              className={inputClass}
              value={status}
              onChange={(e) => setStatus(e.target.value as Risk["status"])}
            >
              <option value="open">Open</option>
              <option value="mitigating">Mitigating</option>
              <option value="accepted">Accepted</option>
              <option value="closed">Closed</option>
            </select>
          </FormField>
          <FormField id="risk-review" label="Review on" error={error("reviewDate")}>
            <Input
              id="risk-review"
              type="date"
              value={reviewDate}
              onChange={(e) => setReviewDate(e.target.value)}
            />
          </FormField>
        </div>
        <FormField id="risk-mitigation" label="Mitigation" error={error("mitigation")}>
          <textarea
            id="risk-mitigation"
            className={`${inputClass} min-h-20`}
            value={mitigation}
            onChange={(e) => setMitigation(e.target.value)}
          />
        </FormField>
        <DialogFooter>
          {risk && (
            <DeleteButton
              label="Delete risk"
              pending={remove.isPending}
              onDelete={() => remove.mutate({ id: risk.id }, { onSuccess: onClose })}
            />
          )}
          <Button type="submit" disabled={save.isPending}>
            {risk ? "Save" : "Add risk"}
          </Button>
        </DialogFooter>
      </form>
    </DialogContent>
  );
}
