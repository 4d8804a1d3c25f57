import { z } from "zod";

type JsonSchema = {
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  const?: unknown;
  pattern?: string;
  minLength?: number;
  minimum?: number;
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  default?: unknown;
};

const PATTERN_CANDIDATES = ["EUR", "probe-name", "probe", "a1"];

/**
 * A valid-looking input for any operation, built from its JSON schema. Every uuid field gets
 * `id` so the generated tests can aim each operation at another workspace's rows.
 */
export function sampleInput(schema: z.ZodType, id: string): unknown {
  const json = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as JsonSchema;
  return sample(json, id);
}

function sample(schema: JsonSchema, id: string): unknown {
  if (schema.const !== undefined) return schema.const;
  if (schema.enum) return schema.enum[0];
  const options = schema.anyOf ?? schema.oneOf;
  if (options) return sample(options.find((o) => o.type !== "null") ?? options[0]!, id);
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== "null") : schema.type;
  switch (type) {
    case "object": {
      const out: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(schema.properties ?? {}))
        out[key] = sample(value, id);
      return out;
    }
    case "array":
      return schema.items ? [sample(schema.items, id)] : [];
    case "string":
      return sampleString(schema, id);
    case "integer":
    case "number":
      return schema.minimum ?? 1;
    case "boolean":
      return false;
    default:
      return schema.default ?? null;
  }
}

function sampleString(schema: JsonSchema, id: string): string {
  if (schema.format === "uuid") return id;
  if (schema.format === "email") return "probe@example.com";
  if (schema.format === "date-time") return new Date().toISOString();
  if (schema.pattern) {
    const pattern = new RegExp(schema.pattern);
    const match = PATTERN_CANDIDATES.find((c) => pattern.test(c));
    if (match) return match;
  }
  return "probe-value-long-enough".padEnd(schema.minLength ?? 0, "x");
}
