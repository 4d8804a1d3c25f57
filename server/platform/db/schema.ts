// Every table of Glass Pane, for drizzle-kit and the typed query builder.
// Modules add their *.schema.ts here.
export * from "../audit/audit.schema.ts";
export * from "../auth/auth.schema.ts";
export * from "../jobs/jobs.schema.ts";
export * from "../secrets/secrets.schema.ts";
export * from "../workspaces/workspaces.schema.ts";
