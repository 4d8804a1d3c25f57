import type { Operation } from "../../platform/operations/define.ts";
import { jsonSchemaOf } from "../../platform/operations/json-schema.ts";

const ERROR_SCHEMA = {
  type: "object",
  properties: {
    error: {
      type: "object",
      properties: {
        code: { type: "string", description: "Stable error code, e.g. invalid_input, forbidden" },
        message: { type: "string" },
        field: { type: "string", description: "Input field at fault (invalid_input)" },
        retryAfter: { type: "number" },
      },
      required: ["code", "message"],
    },
  },
  required: ["error"],
};

/** The OpenAPI 3.1 document, derived from the operation registry alone. */
export function buildOpenApi(operations: readonly Operation[], version: string) {
  const paths: Record<string, unknown> = {};
  for (const op of operations) {
    const [tag] = op.name.split(".");
    const security = op.permission === "public" ? [] : [{ bearer: [] }, { session: [] }];
    paths[`/api/${op.name}`] = {
      post: {
        operationId: op.name,
        summary: op.summary,
        description: [
          op.description,
          `Permission: \`${op.permission}\`. ${op.mutates ? "Changes data (audited)." : "Read-only; GET also accepted with ?input=<json>."}`,
        ]
          .filter(Boolean)
          .join("\n\n"),
        tags: [tag],
        security,
        "x-permission": op.permission,
        "x-mutates": op.mutates,
        requestBody: {
          required: false,
          content: {
            "application/json": {
              schema: jsonSchemaOf(op.input, "input"),
              ...(op.example ? { example: op.example } : {}),
            },
          },
        },
        responses: {
          "200": {
            description: "Success",
            content: { "application/json": { schema: jsonSchemaOf(op.output, "output") } },
          },
          default: {
            description: "Error",
            content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
          },
        },
      },
    };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Glass Pane API",
      version,
      description:
        "Every capability of Glass Pane is an operation: POST /api/<operation> with JSON in and JSON out. Authenticate with `Authorization: Bearer gp_…` (an API token from Settings → API tokens) or the browser session cookie (then send the `x-csrf-token` header on POST). Choose the workspace with the `x-workspace-id` header.",
    },
    servers: [{ url: "/" }],
    components: {
      securitySchemes: {
        bearer: { type: "http", scheme: "bearer", description: "API token (gp_…)" },
        session: { type: "apiKey", in: "cookie", name: "gp_session" },
      },
      schemas: { Error: ERROR_SCHEMA },
    },
    paths,
  };
}
