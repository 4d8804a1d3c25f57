import { z } from "zod";

const guid = (what: string) =>
  z
    .string()
    .trim()
    .regex(
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
      `not ${what}: Azure writes it as a GUID (8-4-4-4-12 hexadecimal characters)`,
    );

/** The wizard sends one text field ("id1, id2"); the vault keeps the parsed list. */
const subscriptionIds = z.preprocess(
  (value) => (typeof value === "string" ? value.split(/[\s,;]+/).filter(Boolean) : value),
  z
    .array(guid("a subscription ID"))
    .min(1, "name at least one subscription")
    .max(50, "at most 50 subscriptions per connector"),
);

/**
 * Azure Resource Manager authenticates a service principal (an app registration) with Microsoft
 * Entra ID: tenant, client (application) id and a client secret, exchanged for a bearer token by
 * @azure/identity's ClientSecretCredential. The subscriptions are the ones to list; the
 * principal needs the role below on each. `authorityHost` is only for clouds whose login
 * endpoint cannot be found from the ARM endpoint (see cloud.ts), e.g. Azure Stack Hub with AD FS.
 */
export const ZAzureCredentials = z.discriminatedUnion("method", [
  z.strictObject({
    method: z.literal("service-principal"),
    tenantId: guid("a tenant (directory) ID"),
    clientId: guid("a client (application) ID"),
    clientSecret: z
      .string()
      .trim()
      .min(16, "too short for a client secret")
      .max(256, "too long for a client secret"),
    subscriptionIds,
    authorityHost: z.url({ protocol: /^https$/, error: "must be an https URL" }).optional(),
  }),
]);
export type AzureCredentials = z.infer<typeof ZAzureCredentials>;

/** Method, client id and subscription count, and the secret's last four characters. */
export function describeAzureCredentials(credentials: AzureCredentials) {
  const n = credentials.subscriptionIds.length;
  return {
    method: credentials.method,
    hint: `client ${credentials.clientId}, ${n} subscription${n === 1 ? "" : "s"}, ••••${credentials.clientSecret.slice(-4)}`,
  };
}
