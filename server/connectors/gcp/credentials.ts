import { createPrivateKey } from "node:crypto";
import { z } from "zod";

/** Project ids: 6–30 lower-case letters, digits and hyphens, starting with a letter (Google, "Creating and managing projects"). */
const projectId = z
  .string()
  .trim()
  .regex(
    /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/,
    "not a project ID: 6 to 30 lower-case letters, digits or hyphens, starting with a letter",
  );

const parsesAsKey = (pem: string) => {
  try {
    return createPrivateKey(pem).asymmetricKeyType === "rsa";
  } catch {
    return false;
  }
};

/**
 * The JSON key file `gcloud iam service-accounts keys create` writes. Only the fields the
 * connector uses are kept (the `auth_uri`, `*_cert_url` fields are dropped); `token_uri` is where
 * the signed JWT is exchanged for an access token, `universe_domain` names a sovereign cloud.
 */
const ZServiceAccountKey = z.object(
  {
    type: z.literal("service_account", {
      error:
        'must be "service_account": paste a service-account key, not an OAuth client or user credentials',
    }),
    project_id: projectId,
    private_key_id: z.string().trim().max(100).optional(),
    private_key: z
      .string({ error: "missing: the key's PEM private key" })
      .refine(parsesAsKey, "not an RSA private key in PEM form (-----BEGIN PRIVATE KEY-----)"),
    client_email: z.email({ error: "missing or not an e-mail address" }),
    client_id: z.string().trim().max(100).optional(),
    token_uri: z
      .url({ protocol: /^https$/, error: "must be an https URL" })
      .default("https://oauth2.googleapis.com/token"),
    universe_domain: z
      .string()
      .trim()
      .regex(/^[a-z0-9.-]+\.[a-z]{2,}$/i, "not a domain name")
      .optional(),
  },
  { error: "not a JSON key: paste the whole key file, from { to }" },
);
export type ServiceAccountKey = z.infer<typeof ZServiceAccountKey>;

/** The wizard sends the key as the pasted file's text; the vault keeps the parsed object. */
const keyFromText = (value: unknown) => {
  if (typeof value !== "string") return value;
  try {
    return JSON.parse(value);
  } catch {
    return value; // reported by the object schema: "not a JSON key"
  }
};

/** The wizard sends one text field ("p1, p2"); the vault keeps the parsed list. */
const projects = z.preprocess(
  (value) => (typeof value === "string" ? value.split(/[\s,;]+/).filter(Boolean) : value),
  z.array(projectId).max(50, "at most 50 projects per connector"),
);

/**
 * Google Cloud authenticates a service account with its JSON key: the connector signs a JWT with
 * the private key and exchanges it at the key's token URI (OAuth 2.0 JWT bearer grant). The
 * projects are the ones to list (default: the key's own project); the service account needs
 * the roles of policy.ts on each.
 */
export const ZGcpCredentials = z.discriminatedUnion("method", [
  z.strictObject({
    method: z.literal("service-account-key"),
    serviceAccountKey: z.preprocess(keyFromText, ZServiceAccountKey),
    projects: projects.optional(),
  }),
]);
export type GcpCredentials = z.infer<typeof ZGcpCredentials>;

/** The projects a connector lists: the chosen ones, or the key's own. */
export function projectsOf(credentials: GcpCredentials): string[] {
  const chosen = credentials.projects ?? [];
  return chosen.length > 0 ? [...new Set(chosen)] : [credentials.serviceAccountKey.project_id];
}

/** Method, the service account's e-mail, the key id's start and the project count; never the key. */
export function describeGcpCredentials(credentials: GcpCredentials) {
  const key = credentials.serviceAccountKey;
  const n = projectsOf(credentials).length;
  const keyId = key.private_key_id ? `, key ${key.private_key_id.slice(0, 8)}…` : "";
  return {
    method: credentials.method,
    hint: `${key.client_email}${keyId}, ${n} project${n === 1 ? "" : "s"}`,
  };
}
