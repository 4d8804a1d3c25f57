import dgram from "node:dgram";
import net from "node:net";

export type SyslogTransport = "tcp" | "udp";

/** Why a syslog port could not be opened, in words a person can act on. */
export function portError(transport: SyslogTransport, port: number, error: unknown): string {
  const code = (error as { code?: string }).code;
  const what = `${transport.toUpperCase()} port ${port}`;
  if (code === "EADDRINUSE") return `${what} is in use on this server`;
  if (code === "EACCES") return `${what} may not be opened by this server (EACCES)`;
  if (code === "EADDRNOTAVAIL") return `${what}: the listen address is not on this server`;
  return `${what} could not be opened: ${(error as Error).message ?? String(error)}`;
}

/** Binds a UDP socket on the port; resolves with it open, rejects with the bind error. */
export function bindUdp(host: string, port: number): Promise<dgram.Socket> {
  const socket = dgram.createSocket(host.includes(":") ? "udp6" : "udp4");
  return new Promise((resolve, reject) => {
    socket.once("error", (error) => {
      socket.close();
      reject(error);
    });
    socket.bind(port, host, () => {
      socket.removeAllListeners("error");
      resolve(socket);
    });
  });
}

/** Listens on the TCP port with this server; rejects with the listen error. */
export function listenTcp(server: net.Server, host: string, port: number): Promise<net.Server> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.removeListener("error", reject);
      resolve(server);
    });
  });
}

/**
 * Whether this server could open the port for syslog over TCP and UDP now: both are bound and
 * let go at once (the listeners open them for real right after the key is saved). Returns the
 * first reason it could not, or null.
 */
export async function syslogPortProblem(host: string, port: number): Promise<string | null> {
  try {
    const server = await listenTcp(net.createServer(), host, port);
    await new Promise<void>((resolve) => server.close(() => resolve()));
  } catch (error) {
    return portError("tcp", port, error);
  }
  try {
    const socket = await bindUdp(host, port);
    await new Promise<void>((resolve) => socket.close(() => resolve()));
  } catch (error) {
    return portError("udp", port, error);
  }
  return null;
}
