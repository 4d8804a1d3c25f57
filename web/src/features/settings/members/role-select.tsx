import {
  Select,
  SelectContent,
  SelectItem,
  SelectTrigger,
  SelectValue,
} from "../../../components/ui/select.tsx";
import { ROLE_HINTS, ROLE_LABELS, type Role } from "../../../lib/roles.ts";

/** Roles a person can be given here; client guests need a client record (Clients module). */
export const ASSIGNABLE_ROLES: Role[] = ["owner", "admin", "member", "viewer"];

interface RoleSelectProps {
  id?: string;
  value: Role;
  onChange: (role: Role) => void;
  disabled?: boolean;
  label?: string;
  withHints?: boolean;
}

export function RoleSelect({ id, value, onChange, disabled, label, withHints }: RoleSelectProps) {
  const roles = ASSIGNABLE_ROLES.includes(value) ? ASSIGNABLE_ROLES : [value, ...ASSIGNABLE_ROLES];
  return (
    <Select value={value} onValueChange={(v) => onChange(v as Role)} disabled={disabled}>
      <SelectTrigger id={id} aria-label={label} className={withHints ? undefined : "h-8 w-36"}>
        <SelectValue />
      </SelectTrigger>
      <SelectContent>
        {roles.map((r) => (
          <SelectItem key={r} value={r} disabled={r === "client"}>
            {withHints ? `${ROLE_LABELS[r]} — ${ROLE_HINTS[r]}` : ROLE_LABELS[r]}
          </SelectItem>
        ))}
      </SelectContent>
    </Select>
  );
}
