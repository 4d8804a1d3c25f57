import { z } from "zod";

/**
 * DigitalOcean authenticates API calls with a personal access token (Bearer). It is the only
 * method the public API has; the union on `method` leaves room for OAuth app tokens later.
 */
export const ZDigitalOceanCredentials = z.discriminatedUnion("method", [
  z.strictObject({
    method: z.literal("api-token"),
    token: z
      .string()
      .trim()
      .min(20, "too short for a DigitalOcean API token")
      .max(200)
      .regex(/^[\w-]+$/, "not a DigitalOcean API token: it has characters tokens do not have"),
  }),
]);
export type DigitalOceanCredentials = z.infer<typeof ZDigitalOceanCredentials>;

/** The method and the token's last four characters, never the token. */
export function describeDigitalOceanCredentials(credentials: DigitalOceanCredentials) {
  return { method: credentials.method, hint: `••••${credentials.token.slice(-4)}` };
}

/**
 * What to create in the control panel (API → Tokens → Generate New Token → Custom Scopes).
 * Read scopes only: discovery never changes anything. Spaces buckets are not listed by this
 * token (Spaces speaks the S3 API with separate access keys), so they are not discovered here.
 */
export const DIGITALOCEAN_TOKEN_POLICY = `Create a personal access token with Custom Scopes, read only:

account:read
droplet:read
block_storage:read
database:read
load_balancer:read
vpc:read
firewall:read
domain:read
kubernetes:read
tag:read
billing:read  (only for costs pulls: invoices and their CSV)
monitoring:read  (only for metrics pulls: droplet CPU, memory, disk and bandwidth)

No create, update or delete scope is needed: Glass Pane only lists resources.
Spaces buckets use separate S3-style access keys and are not discovered by this token.`;
