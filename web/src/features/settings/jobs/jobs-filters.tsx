import { type FormEvent, useState } from "react";
import { Input } from "../../../components/ui/input.tsx";
import {
  Select,
  SelectContent,
  SelectItem,
  SelectTrigger,
  SelectValue,
} from "../../../components/ui/select.tsx";
import type { JobStatus } from "./jobs-queries.ts";

export interface JobsFilterValue {
  status?: JobStatus;
  name?: string;
}

const STATUSES: JobStatus[] = ["queued", "running", "succeeded", "failed", "cancelled"];

export function JobsFilters({
  value,
  onChange,
}: {
  value: JobsFilterValue;
  onChange: (v: JobsFilterValue) => void;
}) {
  const [name, setName] = useState(value.name ?? "");
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    onChange({ ...value, name: name.trim() || undefined });
  };
  return (
    <form onSubmit={onSubmit} className="flex flex-wrap gap-2" aria-label="Filter jobs">
      <Select
        value={value.status ?? "all"}
        onValueChange={(s) =>
          onChange({ ...value, status: s === "all" ? undefined : (s as JobStatus) })
        }
      >
        <SelectTrigger className="w-36" aria-label="Status">
          <SelectValue />
        </SelectTrigger>
        <SelectContent>
          <SelectItem value="all">All statuses</SelectItem>
          {STATUSES.map((s) => (
            <SelectItem key={s} value={s}>
              {s[0]?.toUpperCase()}
              {s.slice(1)}
            </SelectItem>
          ))}
        </SelectContent>
      </Select>
      <Input
        value={name}
        onChange={(e) => setName(e.target.value)}
        placeholder="Job name, then Enter"
        aria-label="Job name"
        className="w-52 font-mono"
      />
    </form>
  );
}
