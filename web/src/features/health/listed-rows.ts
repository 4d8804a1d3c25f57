/**
 * The rows of a page that lists everything still open (fetched on its own, never capped) and the
 * latest of the history: each row once, open ones first, then newest first. A capped list of
 * every state let a burst of newer resolved rows push an older open one off the page.
 */
export function openFirst<T extends { id: string }>(
  open: T[],
  recent: T[],
  isOpen: (row: T) => boolean,
  startedAt: (row: T) => string,
): T[] {
  const rows = new Map<string, T>();
  for (const row of [...open, ...recent]) if (!rows.has(row.id)) rows.set(row.id, row);
  const time = (row: T) => new Date(startedAt(row)).getTime();
  return [...rows.values()].sort(
    (a, b) => Number(isOpen(b)) - Number(isOpen(a)) || time(b) - time(a),
  );
}
