import categories from "./service-categories.json" with { type: "json" };

/**
 * FOCUS ServiceCategory by provider service key: AWS product code, Azure consumed service
 * (lower case), Google service description. The tables are the FinOps Foundation converters'
 * mapping files (MIT, see SOURCES.md); a service they do not list is "Other", as FOCUS
 * prescribes for services that fit no category.
 */
const TABLES: Record<"aws" | "azure" | "gcp", Record<string, string>> = {
  aws: categories.aws,
  azure: categories.azure,
  gcp: categories.gcp,
};

export function serviceCategory(provider: keyof typeof TABLES, key: string | null): string {
  if (!key) return "Other";
  const table = TABLES[provider];
  return table[key] ?? table[key.toLowerCase()] ?? "Other";
}
