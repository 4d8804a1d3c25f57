import { z } from "zod";
import { maskSecret } from "../../platform/secrets/vault.ts";

/** AWS access key ids: AKIA (long-term) or ASIA (temporary), 16–128 characters per IAM. */
const zAccessKeyId = z
  .string()
  .trim()
  .regex(/^[A-Z0-9]{16,128}$/, "an AWS access key id");

export const zAwsAccessKeys = z.strictObject({
  method: z.literal("access-keys"),
  accessKeyId: zAccessKeyId,
  secretAccessKey: z.string().min(16).max(256),
  /** For temporary (ASIA…) keys. */
  sessionToken: z.string().min(1).max(4096).optional(),
});

export const zAwsAssumeRole = z.strictObject({
  method: z.literal("assume-role"),
  /** The role this instance assumes in the customer's account. */
  roleArn: z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/, "a role ARN"),
  /** Confused-deputy protection: the role's trust policy requires this id (IAM user guide). */
  externalId: z
    .string()
    .min(2)
    .max(1224)
    .regex(/^[\w+=,.@:/-]+$/),
  /** The keys that call sts:AssumeRole (this instance's own identity). */
  sourceAccessKeyId: zAccessKeyId,
  sourceSecretAccessKey: z.string().min(16).max(256),
});

export const zAwsCredentials = z.discriminatedUnion("method", [zAwsAccessKeys, zAwsAssumeRole]);
export type AwsCredentials = z.infer<typeof zAwsCredentials>;

/** The method and a masked key id, never a secret. */
export function describeAwsCredentials(credentials: AwsCredentials) {
  if (credentials.method === "access-keys")
    return { method: credentials.method, hint: maskSecret(credentials.accessKeyId.slice(-4)) };
  return { method: credentials.method, hint: credentials.roleArn };
}
