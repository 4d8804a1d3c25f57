import type {
  Connector,
  ConnectorContext,
  ConnectorOptions,
  DiscoveredResource,
} from "../types.ts";
import type { HostCredentials } from "./credentials.ts";
import { FACTS_SCRIPT, nodeExporterFacts, parseFacts } from "./host-facts.ts";
import { openSshSession, type SshSession } from "./ssh-session.ts";

const SCOPE = { region: "on-prem", service: "host" };

/**
 * One connector = one host. Test connection reports SSH (authentication and host key) and
 * node_exporter separately; discovery yields one `host` resource with the SSH facts and, when a
 * node_exporter URL is set, what it reports. The SSH account is `user@host:port`.
 */
export function createHostsConnector(options: ConnectorOptions<HostCredentials>): Connector {
  const credentials = options.credentials;
  const account = `${credentials.user}@${credentials.host}:${credentials.port}`;
  const open = (ctx: ConnectorContext) =>
    openSshSession(credentials, {
      hostKeys: options.hostKeys,
      refuseAddress: options.refuseAddress,
      signal: ctx.signal,
    });

  const exporter = async (ctx: ConnectorContext) => {
    if (!credentials.nodeExporterUrl) return null;
    return nodeExporterFacts(options.http, credentials.nodeExporterUrl, ctx.signal);
  };

  return {
    provider: "host",
    async testConnection(ctx) {
      const [ssh, node] = await Promise.all([
        open(ctx).then(
          (session) => ({ session, error: null }),
          (error: Error) => ({ session: null as SshSession | null, error }),
        ),
        exporter(ctx),
      ]);
      const nodeLine = !node
        ? "node_exporter: not configured."
        : node.reachable
          ? `node_exporter: reachable at ${node.url} (${node.samples} samples${node.version ? `, version ${node.version}` : ""}).`
          : `node_exporter: unreachable at ${node.url} (${node.error}).`;
      if (!ssh.session) throw new Error(`SSH: ${ssh.error?.message}\n${nodeLine}`);
      const key = ssh.session.hostKey;
      ssh.session.close();
      const keyLine = key.isNew
        ? `host key ${key.keyType} ${key.fingerprint} recorded now (trust on first use: compare it with the host's)`
        : `host key ${key.keyType} ${key.fingerprint} matches the one recorded on ${key.firstSeenAt.toISOString().slice(0, 10)}`;
      return { account, detail: `SSH: authenticated as ${account}; ${keyLine}.\n${nodeLine}` };
    },
    async scopes() {
      return [SCOPE];
    },
    async *scan(_scope, ctx) {
      const [facts, node] = await Promise.all([
        ctx.call("ssh facts", async (signal) => {
          const session = await open({ ...ctx, signal });
          try {
            return { raw: await session.exec(FACTS_SCRIPT, signal), hostKey: session.hostKey };
          } finally {
            session.close();
          }
        }),
        exporter(ctx),
      ]);
      const parsed = parseFacts(facts.raw);
      const resource: DiscoveredResource = {
        nativeId: `${credentials.host}:${credentials.port}`,
        provider: "host",
        account,
        region: SCOPE.region,
        type: "host",
        nativeType: parsed.os.id ? `host.${parsed.os.id}` : "host",
        name: parsed.hostname ?? credentials.host,
        state: "running",
        tags: {},
        createdAt: null,
        costResourceId: null,
        attributes: {
          ...parsed,
          address: credentials.host,
          sshPort: credentials.port,
          sshUser: credentials.user,
          hostKey: {
            type: facts.hostKey.keyType,
            fingerprint: facts.hostKey.fingerprint,
            firstSeenAt: facts.hostKey.firstSeenAt.toISOString(),
          },
          ...(node ? { nodeExporter: node } : {}),
        },
        relations: [],
      };
      yield resource;
    },
  };
}
