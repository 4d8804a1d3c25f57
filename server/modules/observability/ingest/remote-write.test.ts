import protobuf from "protobufjs";
import snappy from "snappyjs";
import { describe, expect, it } from "vitest";
import type { IngestSource } from "./ingest-keys.service.ts";
import { samplesFromRemoteWrite } from "./remote-write.ts";

const source: IngestSource = {
  workspaceId: "7d3c1a52-0c1f-4f57-9b0e-2f4a8f1d6a10",
  keyId: "1c9a2d4e-5b6f-4a70-8d9e-0f1a2b3c4d5e",
  defaultService: "fallback",
  resourceId: null,
} as IngestSource;

/** The remote_write 1.0 messages as prompb declares them, to encode requests as Prometheus does. */
const WriteRequest = protobuf.Root.fromJSON({
  nested: {
    WriteRequest: { fields: { timeseries: { rule: "repeated", type: "TimeSeries", id: 1 } } },
    TimeSeries: {
      fields: {
        labels: { rule: "repeated", type: "Label", id: 1 },
        samples: { rule: "repeated", type: "Sample", id: 2 },
      },
    },
    Label: { fields: { name: { type: "string", id: 1 }, value: { type: "string", id: 2 } } },
    Sample: { fields: { value: { type: "double", id: 1 }, timestamp: { type: "int64", id: 2 } } },
  },
}).lookupType("WriteRequest");

const compressed = (request: object, prefix: number[] = []) =>
  snappy.compress(
    Buffer.concat([
      Buffer.from(prefix),
      WriteRequest.encode(WriteRequest.fromObject(request)).finish(),
    ]),
  ) as Uint8Array;

const label = (name: string, value: string) => ({ name, value });

describe("samplesFromRemoteWrite", () => {
  it("reads each series' samples with its labels, `job` as the service", () => {
    const body = compressed(
      {
        timeseries: [
          {
            // Labels in any order; __name__ is the metric, not a label.
            labels: [label("instance", "a:9100"), label("__name__", "up"), label("job", "node")],
            samples: [
              { value: 1, timestamp: 1_795_000_000_123 },
              { value: 0.5, timestamp: -1_000 }, // before 1970
              { timestamp: 1_795_000_000_124 }, // value 0 is left out on the wire
            ],
          },
          // No name: skipped. No job: the key's default service.
          { labels: [label("job", "x")], samples: [{ value: 9, timestamp: 1 }] },
          {
            labels: [label("__name__", "temp"), label("room", "k"), label("room", "l")],
            samples: [{ value: -2.25 }],
          },
        ],
      },
      [0x78, 0x01], // field 15, varint 1: unknown to remote_write 1.0, skipped
    );
    const samples = samplesFromRemoteWrite(body, source);
    expect(
      samples.map((s) => [s.name, s.labels, s.time.getTime(), s.value, s.workspaceId]),
    ).toEqual([
      [
        "up",
        { instance: "a:9100", job: "node", service: "node" },
        1_795_000_000_123,
        1,
        source.workspaceId,
      ],
      ["up", { instance: "a:9100", job: "node", service: "node" }, -1_000, 0.5, source.workspaceId],
      [
        "up",
        { instance: "a:9100", job: "node", service: "node" },
        1_795_000_000_124,
        0,
        source.workspaceId,
      ],
      ["temp", { room: "l", service: "fallback" }, 0, -2.25, source.workspaceId],
    ]);
    // A series' samples share one label object (ingest keys it once).
    expect(samples[1]!.labels).toBe(samples[0]!.labels);
  });

  it("refuses a body that is not snappy or is cut short", () => {
    const body = WriteRequest.encode(
      WriteRequest.fromObject({
        timeseries: [{ labels: [label("__name__", "up")], samples: [{ value: 1, timestamp: 5 }] }],
      }),
    ).finish();
    expect(() => samplesFromRemoteWrite(Buffer.from("not snappy at all"), source)).toThrow(
      /not a snappy-compressed remote_write request/,
    );
    const cut = snappy.compress(body.subarray(0, body.length - 3)) as Uint8Array;
    expect(() => samplesFromRemoteWrite(cut, source)).toThrow(
      /not a snappy-compressed remote_write request/,
    );
  });
});
