import {
  type Role,
  roleHas,
  type WorkspacePermission,
} from "../../../server/platform/operations/permissions.ts";

export type { Role, WorkspacePermission };

export const ROLE_LABELS: Record<Role, string> = {
  owner: "Owner",
  admin: "Admin",
  member: "Member",
  viewer: "Viewer",
  client: "Client guest",
};

export const ROLE_HINTS: Record<Role, string> = {
  owner: "Everything, including deleting the workspace",
  admin: "Everything except deleting the workspace",
  member: "Day-to-day work; no member management, audit or jobs",
  viewer: "Read-only access",
  client: "Sees only what is linked to their client",
};

/** The same permission table the server checks, used here only to hide what a role cannot use. */
export function can(role: string | undefined, permission: WorkspacePermission): boolean {
  return role !== undefined && isRole(role) && roleHas(role, permission);
}

export function isRole(value: string): value is Role {
  return value in ROLE_LABELS;
}
