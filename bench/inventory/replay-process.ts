// The inventory bench's AWS replay server, in a process of its own: the server under test does
// not share its heap with the 10,000 fixture payloads and the pages cut from them, so its RSS is
// what a user's Glass Pane process would hold against real AWS. Forked by inventory.ts; answers
// on the IPC channel: { endpoint } once listening, { requests, peakRss } when asked to close.
import { fullRegion, payloads, startAwsReplay } from "../../test/support/aws-replay.ts";
import { peakRss } from "./peak-rss.ts";

export interface ReplayReady {
  endpoint: string;
}
export interface ReplayClosed {
  requests: number;
  peakRss: number;
}

/** `count` EC2 reservations cloned from the botocore fixture, each with its own instance id. */
function instances(count: number): string[] {
  const template = payloads.instances.items[0]!;
  return Array.from({ length: count }, (_, i) =>
    template.replaceAll("i-fde9cece", `i-bench${String(i).padStart(8, "0")}`),
  );
}

const [count = "10000", latencyMs = "50"] = process.argv.slice(2);
const replay = await startAwsReplay({
  regions: { "us-west-2": { ...fullRegion(), DescribeInstances: instances(Number(count)) } },
  pageSize: 1000,
  latencyMs: Number(latencyMs),
});
process.send!({ endpoint: replay.endpoint } satisfies ReplayReady);
process.on("message", async () => {
  await replay.close();
  process.send!({ requests: replay.requests.length, peakRss: peakRss() } satisfies ReplayClosed);
  process.disconnect();
});
