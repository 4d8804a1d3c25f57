import { afterAll, beforeAll, beforeEach } from "vitest";
import { createOutboundHttp } from "../../platform/http/outbound.ts";
import { createConnectorContext } from "../context.ts";
import { createDigitalOceanConnector } from "./digitalocean.connector.ts";
import { digitaloceanProvider } from "./index.ts";
import { type DigitalOceanReplay, startDigitalOceanReplay } from "./replay.testing.ts";

/** Retries that give up within a test's patience. */
export const FAST_RETRY = { attempts: 4, baseDelayMs: 5, maxDelayMs: 40 };

/**
 * A DigitalOcean replay for one test file: started before its tests, its request log cleared
 * before each, closed after; with a connector and a connector context pointed at it. (Apart
 * from replay.testing.ts, which the benches import outside Vitest.)
 */
export function replayForThisFile(options: { pageSize: number }) {
  let replay: DigitalOceanReplay | undefined;
  beforeAll(async () => {
    replay = await startDigitalOceanReplay(options);
  });
  afterAll(() => replay?.close());
  beforeEach(() => {
    if (replay) replay.requests.length = 0;
  });
  const started = () => {
    if (!replay) throw new Error("the DigitalOcean replay is not started yet");
    return replay;
  };
  return {
    replay: started,
    connector: () =>
      createDigitalOceanConnector({
        credentials: { method: "api-token", token: started().token },
        regions: [],
        endpoint: started().url,
        http: createOutboundHttp({ blockPrivateNetworks: false }),
      }),
    context: () =>
      createConnectorContext(
        AbortSignal.timeout(20_000),
        digitaloceanProvider.rateLimit,
        FAST_RETRY,
      ),
  };
}
