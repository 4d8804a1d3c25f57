import { z } from "zod";

const accountId = z
  .string()
  .trim()
  .regex(
    /^[0-9a-f]{32}$/i,
    "not an account ID: that is the 32-character id on the dashboard's overview",
  );

/**
 * Cloudflare accepts an API token (preferred: scoped, revocable) or the legacy Global API key
 * with the account's e-mail. The account ID says which account's Workers, R2 buckets and Pages
 * projects to list; a token can see several accounts, a connector covers one.
 */
export const ZCloudflareCredentials = z.discriminatedUnion("method", [
  z.strictObject({
    method: z.literal("api-token"),
    accountId,
    token: z
      .string()
      .trim()
      .min(20, "too short for a Cloudflare API token")
      .max(200)
      .regex(/^[\w-]+$/, "not a Cloudflare API token: it has characters tokens do not have"),
  }),
  z.strictObject({
    method: z.literal("global-key"),
    accountId,
    email: z.email(),
    apiKey: z
      .string()
      .trim()
      .regex(/^[0-9a-f]{37}$/i, "not a Global API key (37 hexadecimal characters)"),
  }),
]);
export type CloudflareCredentials = z.infer<typeof ZCloudflareCredentials>;

/** The method, account and last four characters of the secret, never the secret. */
export function describeCloudflareCredentials(credentials: CloudflareCredentials) {
  const secret = credentials.method === "api-token" ? credentials.token : credentials.apiKey;
  const who = credentials.method === "global-key" ? ` for ${credentials.email}` : "";
  return {
    method: credentials.method,
    hint: `account ${credentials.accountId}, ••••${secret.slice(-4)}${who}`,
  };
}

/**
 * The permissions of a custom API token (My Profile → API Tokens → Create Custom Token), all
 * read-only: discovery lists and never changes. The actions and the tag editor name the edit
 * permissions they need on top. Global API keys cannot be narrowed; prefer a token.
 */
export const CLOUDFLARE_TOKEN_POLICY = `Create a Custom API Token with these permissions (read only):

Account  | Account Settings    | Read
Account  | Workers Scripts     | Read
Account  | Workers R2 Storage  | Read
Account  | Cloudflare Pages    | Read
Zone     | Zone                | Read
Zone     | DNS                 | Read

Account Resources: Include → your account
Zone Resources:    Include → All zones from an account → your account

Nothing with Edit is needed to list resources. To write DNS record tags from the
tag editor, give Zone | DNS | Edit instead of Read; to pause and unpause zones,
Zone | Zone | Edit; to purge a zone's cache, add Zone | Cache Purge | Purge.
A Global API key works too, but it can do everything; a scoped token is safer.`;
