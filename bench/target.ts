// Child-process entry: one server per process, so autocannon in the parent never shares the
// server's event loop. Reports `{ url }` over IPC once listening; exits on SIGTERM.
import Fastify from "fastify";
import { startServer } from "../server/main.ts";
import { loadConfig } from "../server/platform/config.ts";

export interface BareRoute {
  method: "GET" | "POST";
  path: string;
  /** The Glass Pane response, byte for byte. */
  body: string;
}

async function startBare(routes: BareRoute[]): Promise<number> {
  const app = Fastify({ logger: false });
  for (const route of routes) {
    app.route({
      method: route.method,
      url: route.path,
      handler: async (_request, reply) =>
        reply.type("application/json; charset=utf-8").send(route.body),
    });
  }
  await app.listen({ port: 0, host: "127.0.0.1" });
  process.once("SIGTERM", () => {
    app.close().then(() => process.exit(0));
  });
  return (app.server.address() as { port: number }).port;
}

async function startGlassPane(): Promise<number> {
  // startServer installs its own SIGTERM handler that closes the database and exits.
  const server = await startServer(loadConfig(process.env));
  return server.port;
}

const kind = process.argv[2];
const port =
  kind === "bare"
    ? await startBare(JSON.parse(process.env.BENCH_ROUTES ?? "[]") as BareRoute[])
    : await startGlassPane();
process.send?.({ url: `http://127.0.0.1:${port}` });
