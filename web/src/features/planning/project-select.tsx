import { inputClass } from "../../components/ui/input.tsx";
import { useOperation } from "../../lib/operations.ts";
import { cn } from "../../lib/utils.ts";

/** A native select of the workspace's projects ("KEY · Name"); empty value = `emptyLabel`. */
export function ProjectSelect({
  id,
  value,
  onChange,
  emptyLabel,
  className,
}: {
  id?: string;
  value: string;
  onChange: (projectId: string) => void;
  emptyLabel: string;
  className?: string;
}) {
  const projects = useOperation("projects.list", {});
  return (
    <select
      id={id}
      className={cn(inputClass, className)}
      value={value}
      onChange={(e) => onChange(e.target.value)}
    >
      <option value="">{emptyLabel}</option>
      {(projects.data ?? []).map((p) => (
        <option key={p.id} value={p.id}>
          {p.key} · {p.name}
        </option>
      ))}
    </select>
  );
}
