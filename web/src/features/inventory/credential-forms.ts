/**
 * The credential fields the connect wizard asks for, per provider and auth method. They mirror
 * each connector's zod credentials schema (server/connectors/<provider>/credentials.ts), which
 * is what validates them: a wrong field comes back as `credentials.<field>` and shows under it.
 */
export interface CredentialField {
  name: string;
  label: string;
  /** Typed into a password input and never shown again. */
  isSecret?: boolean;
  isOptional?: boolean;
  /** A pasted block (a private key): a textarea rather than one line. */
  isMultiline?: boolean;
  hint?: string;
}

export interface CredentialMethod {
  method: string;
  label: string;
  fields: CredentialField[];
}

const CLOUDFLARE_ACCOUNT: CredentialField = {
  name: "accountId",
  label: "Account ID",
  hint: "32 characters, on the dashboard's account overview",
};

export const CREDENTIAL_FORMS: Record<string, CredentialMethod[]> = {
  aws: [
    {
      method: "access-keys",
      label: "Access keys",
      fields: [
        { name: "accessKeyId", label: "Access key ID" },
        { name: "secretAccessKey", label: "Secret access key", isSecret: true },
        {
          name: "sessionToken",
          label: "Session token",
          isSecret: true,
          isOptional: true,
          hint: "Only for temporary (ASIA…) keys",
        },
      ],
    },
    {
      method: "assume-role",
      label: "Assume a role",
      fields: [
        { name: "roleArn", label: "Role ARN" },
        { name: "externalId", label: "External ID" },
        { name: "sourceAccessKeyId", label: "Access key ID that assumes it" },
        { name: "sourceSecretAccessKey", label: "Its secret access key", isSecret: true },
      ],
    },
  ],
  azure: [
    {
      method: "service-principal",
      label: "Service principal",
      fields: [
        { name: "tenantId", label: "Tenant (directory) ID" },
        { name: "clientId", label: "Client (application) ID" },
        { name: "clientSecret", label: "Client secret", isSecret: true },
        {
          name: "subscriptionIds",
          label: "Subscription IDs",
          hint: "One or more, separated by commas; grant the role shown above on each",
        },
        {
          name: "authorityHost",
          label: "Authority host",
          isOptional: true,
          hint: "Only for a private cloud whose login endpoint ARM does not publish (Azure Stack Hub with AD FS)",
        },
      ],
    },
  ],
  gcp: [
    {
      method: "service-account-key",
      label: "Service-account key",
      fields: [
        {
          name: "serviceAccountKey",
          label: "Service-account key (JSON)",
          isSecret: true,
          isMultiline: true,
          hint: "The whole key file, { to }, from IAM & Admin → Service accounts → Keys; kept in the vault",
        },
        {
          name: "projects",
          label: "Project IDs",
          isOptional: true,
          hint: "Separated by commas; the key's own project when empty. Grant the roles above on each",
        },
      ],
    },
  ],
  digitalocean: [
    {
      method: "api-token",
      label: "API token",
      fields: [{ name: "token", label: "Personal access token", isSecret: true }],
    },
  ],
  cloudflare: [
    {
      method: "api-token",
      label: "API token",
      fields: [CLOUDFLARE_ACCOUNT, { name: "token", label: "API token", isSecret: true }],
    },
    {
      method: "global-key",
      label: "Global API key",
      fields: [
        CLOUDFLARE_ACCOUNT,
        { name: "email", label: "Account e-mail" },
        { name: "apiKey", label: "Global API key", isSecret: true },
      ],
    },
  ],
  host: [
    {
      method: "ssh-key",
      label: "SSH key",
      fields: [
        { name: "host", label: "Host", hint: "Name or IP address the server reaches it at" },
        { name: "port", label: "SSH port", isOptional: true, hint: "22 when empty" },
        { name: "user", label: "User", hint: "A dedicated user without sudo is enough" },
        {
          name: "privateKey",
          label: "Private key",
          isSecret: true,
          isMultiline: true,
          hint: "The whole OpenSSH or PEM key, -----BEGIN … to -----END …; kept in the vault",
        },
        { name: "passphrase", label: "Key passphrase", isSecret: true, isOptional: true },
        {
          name: "nodeExporterUrl",
          label: "node_exporter URL",
          isOptional: true,
          hint: "e.g. http://10.0.0.5:9100/metrics; scraped for CPU, memory, disk and network",
        },
      ],
    },
  ],
};

/** Providers whose connector has no custom API endpoint or regions (a host is its own address). */
export const WITHOUT_ENDPOINT = new Set(["host"]);

/** The credentials object to send: the method and the filled-in fields (blank optional ones left out). */
export function credentialsOf(method: CredentialMethod, values: Record<string, string>) {
  const credentials: Record<string, string> = { method: method.method };
  for (const field of method.fields) {
    const value = (values[field.name] ?? "").trim();
    if (value || !field.isOptional) credentials[field.name] = value;
  }
  return credentials;
}
