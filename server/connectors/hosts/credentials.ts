// ssh2 is CommonJS: Node's ESM loader sees `Client` as a named export but not `utils`.
import ssh2 from "ssh2";
import { z } from "zod";

const HOST_NAME =
  /^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,62})(\.[A-Za-z0-9]([A-Za-z0-9-]{0,62}))*\.?$/;
const IPV6 = /^[0-9A-Fa-f:.]{2,45}$/;

/**
 * An on-prem or VPS host, reached over SSH with key authentication (no passwords: a key can be
 * scoped with authorized_keys options and revoked without touching other logins). The private
 * key goes to the vault with the rest; only `user@host:port` is ever shown back. node_exporter is
 * optional: without it the host still gets its SSH facts.
 */
export const ZHostCredentials = z.discriminatedUnion("method", [
  z
    .strictObject({
      method: z.literal("ssh-key"),
      host: z
        .string()
        .trim()
        .min(1, "the host's name or address is required")
        .refine((h) => HOST_NAME.test(h) || (h.includes(":") && IPV6.test(h)), {
          message: "not a host name or IP address",
        }),
      port: z.coerce.number().int().min(1).max(65_535).default(22),
      user: z
        .string()
        .trim()
        .min(1, "the SSH user is required")
        .max(64)
        .regex(/^[a-z_][a-z0-9_.-]*\$?$/i, "not a valid user name"),
      privateKey: z.string().trim().min(1, "the SSH private key is required").max(16_000),
      passphrase: z.string().max(1_000).optional(),
      nodeExporterUrl: z
        .url({ protocol: /^https?$/, error: "not an http(s) URL" })
        .max(2_000)
        .optional(),
    })
    .superRefine((value, issue) => {
      const parsed = ssh2.utils.parseKey(value.privateKey, value.passphrase);
      if (parsed instanceof Error)
        issue.addIssue({
          code: "custom",
          path: ["privateKey"],
          message: `not a usable private key (${parsed.message}); paste the whole OpenSSH or PEM key`,
        });
      else if (parsed.isPrivateKey && !parsed.isPrivateKey())
        issue.addIssue({
          code: "custom",
          path: ["privateKey"],
          message: "this is a public key; paste the private key",
        });
    }),
]);
export type HostCredentials = z.infer<typeof ZHostCredentials>;

/** `user@host:port`, never the key. */
export function describeHostCredentials(credentials: HostCredentials) {
  const host = credentials.host.includes(":") ? `[${credentials.host}]` : credentials.host;
  return { method: credentials.method, hint: `${credentials.user}@${host}:${credentials.port}` };
}

export const HOST_ACCESS_POLICY = `Create a dedicated user for Glass Pane on the host and give it a key of its own:

  sudo useradd --system --create-home --shell /bin/sh glasspane
  sudo -u glasspane mkdir -p ~glasspane/.ssh
  ssh-keygen -t ed25519 -N "" -f glasspane_ed25519      # on your machine
  # append glasspane_ed25519.pub to ~glasspane/.ssh/authorized_keys, optionally prefixed with
  # from="<Glass Pane's address>",no-port-forwarding,no-agent-forwarding,no-X11-forwarding,no-pty

No sudo is needed: Glass Pane only reads /etc/os-release, uname, /proc (uptime, CPUs, memory)
and runs dpkg-query or rpm -qa to count packages.

The host's SSH key is recorded on the first connection (trust on first use) and shown here;
compare it with \`ssh-keygen -l -f /etc/ssh/ssh_host_ed25519_key.pub\` on the host. A changed
key is refused until you reset it.

Optional: install prometheus-node-exporter (port 9100) and give its /metrics URL; Glass Pane
scrapes it for CPU, memory, disk and network metrics.`;
