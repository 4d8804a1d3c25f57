interface ServiceList {
  items: { service: string; count: number }[];
  total: number;
  truncated: boolean;
}

/**
 * The services a filter offers: those listed (the busiest), and the chosen one even when it is
 * not among them (from a link or a quieter service), so the select shows what filters the page.
 */
export function serviceChoices(
  list: ServiceList | undefined,
  chosen: string,
): { service: string; count: number | null }[] {
  const items: { service: string; count: number | null }[] = list?.items ?? [];
  if (!chosen || items.some((s) => s.service === chosen)) return items;
  return [...items, { service: chosen, count: null }];
}

/** Says the list is capped: how many services logged but are not offered. */
export function cappedNote(list: ServiceList): string {
  const more = list.total - list.items.length;
  return `… ${more} quieter ${more === 1 ? "service" : "services"} not listed (busiest ${list.items.length} of ${list.total})`;
}
