/** A project as the anomaly's task dialog offers it. */
export interface ProjectChoice {
  id: string;
  clientId: string | null;
}

/**
 * The project a cost anomaly's task defaults to: one of the client the allocation rules give
 * the anomaly's cost to; else, when whose it is is unknown, the first project of no client,
 * which implies none. Otherwise no default: another client's project must be picked on purpose.
 */
export function defaultProjectFor(
  projects: readonly ProjectChoice[],
  clientId: string | null,
): string | null {
  if (clientId) return projects.find((p) => p.clientId === clientId)?.id ?? null;
  return projects.find((p) => p.clientId === null)?.id ?? null;
}
