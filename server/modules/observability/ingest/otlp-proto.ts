import protobuf from "protobufjs";
import type { AnyValue, KeyValue } from "./otlp-values.ts";

/*
 * The OTLP messages we decode, declared for protobufjs from the field numbers of the
 * OpenTelemetry protocol specification (opentelemetry-proto, Apache-2.0): only the messages and
 * fields ingest reads. Unknown fields are skipped by protobuf itself, so newer senders still
 * decode. Written as a descriptor rather than .proto files to need no file loading at runtime.
 */
const common = {
  AnyValue: {
    oneofs: {
      value: {
        oneof: [
          "stringValue",
          "boolValue",
          "intValue",
          "doubleValue",
          "arrayValue",
          "kvlistValue",
          "bytesValue",
        ],
      },
    },
    fields: {
      stringValue: { type: "string", id: 1 },
      boolValue: { type: "bool", id: 2 },
      intValue: { type: "int64", id: 3 },
      doubleValue: { type: "double", id: 4 },
      arrayValue: { type: "ArrayValue", id: 5 },
      kvlistValue: { type: "KeyValueList", id: 6 },
      bytesValue: { type: "bytes", id: 7 },
    },
  },
  ArrayValue: { fields: { values: { rule: "repeated", type: "AnyValue", id: 1 } } },
  KeyValueList: { fields: { values: { rule: "repeated", type: "KeyValue", id: 1 } } },
  KeyValue: { fields: { key: { type: "string", id: 1 }, value: { type: "AnyValue", id: 2 } } },
  InstrumentationScope: {
    fields: {
      name: { type: "string", id: 1 },
      version: { type: "string", id: 2 },
      attributes: { rule: "repeated", type: "KeyValue", id: 3 },
    },
  },
  Resource: { fields: { attributes: { rule: "repeated", type: "KeyValue", id: 1 } } },
};

const logs = {
  ExportLogsServiceRequest: {
    fields: { resourceLogs: { rule: "repeated", type: "ResourceLogs", id: 1 } },
  },
  ResourceLogs: {
    fields: {
      resource: { type: "Resource", id: 1 },
      scopeLogs: { rule: "repeated", type: "ScopeLogs", id: 2 },
    },
  },
  ScopeLogs: {
    fields: {
      scope: { type: "InstrumentationScope", id: 1 },
      logRecords: { rule: "repeated", type: "LogRecord", id: 2 },
    },
  },
  LogRecord: {
    fields: {
      timeUnixNano: { type: "fixed64", id: 1 },
      severityNumber: { type: "int32", id: 2 },
      severityText: { type: "string", id: 3 },
      body: { type: "AnyValue", id: 5 },
      attributes: { rule: "repeated", type: "KeyValue", id: 6 },
      traceId: { type: "bytes", id: 9 },
      spanId: { type: "bytes", id: 10 },
      observedTimeUnixNano: { type: "fixed64", id: 11 },
      eventName: { type: "string", id: 12 },
    },
  },
};

const metrics = {
  ExportMetricsServiceRequest: {
    fields: { resourceMetrics: { rule: "repeated", type: "ResourceMetrics", id: 1 } },
  },
  ResourceMetrics: {
    fields: {
      resource: { type: "Resource", id: 1 },
      scopeMetrics: { rule: "repeated", type: "ScopeMetrics", id: 2 },
    },
  },
  ScopeMetrics: {
    fields: {
      scope: { type: "InstrumentationScope", id: 1 },
      metrics: { rule: "repeated", type: "Metric", id: 2 },
    },
  },
  Metric: {
    fields: {
      name: { type: "string", id: 1 },
      description: { type: "string", id: 2 },
      unit: { type: "string", id: 3 },
      gauge: { type: "Gauge", id: 5 },
      sum: { type: "Sum", id: 7 },
      histogram: { type: "Histogram", id: 9 },
      exponentialHistogram: { type: "ExponentialHistogram", id: 10 },
      summary: { type: "Summary", id: 11 },
    },
  },
  Gauge: { fields: { dataPoints: { rule: "repeated", type: "NumberDataPoint", id: 1 } } },
  Sum: {
    fields: {
      dataPoints: { rule: "repeated", type: "NumberDataPoint", id: 1 },
      aggregationTemporality: { type: "int32", id: 2 },
      isMonotonic: { type: "bool", id: 3 },
    },
  },
  Histogram: {
    fields: {
      dataPoints: { rule: "repeated", type: "HistogramDataPoint", id: 1 },
      aggregationTemporality: { type: "int32", id: 2 },
    },
  },
  ExponentialHistogram: {
    fields: {
      dataPoints: { rule: "repeated", type: "ExponentialHistogramDataPoint", id: 1 },
      aggregationTemporality: { type: "int32", id: 2 },
    },
  },
  Summary: { fields: { dataPoints: { rule: "repeated", type: "SummaryDataPoint", id: 1 } } },
  NumberDataPoint: {
    fields: {
      startTimeUnixNano: { type: "fixed64", id: 2 },
      timeUnixNano: { type: "fixed64", id: 3 },
      asDouble: { type: "double", id: 4 },
      asInt: { type: "sfixed64", id: 6 },
      attributes: { rule: "repeated", type: "KeyValue", id: 7 },
    },
  },
  HistogramDataPoint: {
    fields: {
      startTimeUnixNano: { type: "fixed64", id: 2 },
      timeUnixNano: { type: "fixed64", id: 3 },
      count: { type: "fixed64", id: 4 },
      sum: { type: "double", id: 5 },
      bucketCounts: { rule: "repeated", type: "fixed64", id: 6 },
      explicitBounds: { rule: "repeated", type: "double", id: 7 },
      attributes: { rule: "repeated", type: "KeyValue", id: 9 },
    },
  },
  ExponentialHistogramDataPoint: {
    fields: {
      attributes: { rule: "repeated", type: "KeyValue", id: 1 },
      startTimeUnixNano: { type: "fixed64", id: 2 },
      timeUnixNano: { type: "fixed64", id: 3 },
      count: { type: "fixed64", id: 4 },
      sum: { type: "double", id: 5 },
      scale: { type: "sint32", id: 6 },
      zeroCount: { type: "fixed64", id: 7 },
      positive: { type: "ExponentialBuckets", id: 8 },
      negative: { type: "ExponentialBuckets", id: 9 },
      zeroThreshold: { type: "double", id: 14 },
    },
  },
  ExponentialBuckets: {
    fields: {
      offset: { type: "sint32", id: 1 },
      bucketCounts: { rule: "repeated", type: "uint64", id: 2 },
    },
  },
  ExportMetricsServiceResponse: {
    fields: { partialSuccess: { type: "ExportMetricsPartialSuccess", id: 1 } },
  },
  ExportMetricsPartialSuccess: {
    fields: {
      rejectedDataPoints: { type: "int64", id: 1 },
      errorMessage: { type: "string", id: 2 },
    },
  },
  SummaryDataPoint: {
    fields: {
      startTimeUnixNano: { type: "fixed64", id: 2 },
      timeUnixNano: { type: "fixed64", id: 3 },
      count: { type: "fixed64", id: 4 },
      sum: { type: "double", id: 5 },
      attributes: { rule: "repeated", type: "KeyValue", id: 7 },
    },
  },
};

const root = protobuf.Root.fromJSON({
  nested: { otlp: { nested: { ...common, ...logs, ...metrics } } },
});
const ExportLogs = root.lookupType("otlp.ExportLogsServiceRequest");
const ExportMetrics = root.lookupType("otlp.ExportMetricsServiceRequest");
const ExportMetricsResponse = root.lookupType("otlp.ExportMetricsServiceResponse");
const AnyValueType = root.lookupType("otlp.AnyValue");
const ResourceType = root.lookupType("otlp.Resource");

/* Decoded to the shape OTLP/JSON has (64-bit integers as decimal strings), so one mapper serves
 * both encodings; bytes come out base64 where OTLP/JSON has hex, which only trace ids use. */
const TO_OBJECT = { longs: String, bytes: String, defaults: false, arrays: true, oneofs: false };

/** Decodes an OTLP/HTTP protobuf logs request into the OTLP/JSON shape. */
export function decodeOtlpLogs(body: Uint8Array): unknown {
  return ExportLogs.toObject(ExportLogs.decode(body), TO_OBJECT);
}

/**
 * Decodes an OTLP/HTTP protobuf metrics request into the OTLP/JSON shape. Ingest reads bodies
 * with samplesFromOtlpMetricsProto; this full decoder is what its tests compare it with.
 */
export function decodeOtlpMetrics(body: Uint8Array): unknown {
  return ExportMetrics.toObject(ExportMetrics.decode(body), TO_OBJECT);
}

/** Encodes an export given in the OTLP/JSON shape (tests: bodies the SDK cannot produce). */
export function encodeOtlpMetrics(request: unknown): Uint8Array {
  return ExportMetrics.encode(ExportMetrics.fromObject(request as object)).finish();
}

/** Encodes a metrics response (its partialSuccess, when a part of the export was not kept). */
export function encodeOtlpMetricsResponse(response: object): Uint8Array {
  return ExportMetricsResponse.encode(ExportMetricsResponse.fromObject(response)).finish();
}

/** Decodes a metrics response to the OTLP/JSON shape (tests: what a sender is told). */
export function decodeOtlpMetricsResponse(body: Uint8Array): unknown {
  return ExportMetricsResponse.toObject(ExportMetricsResponse.decode(body), TO_OBJECT);
}

/** One encoded AnyValue in the OTLP/JSON shape (for values that are not plain strings). */
export function decodeAnyValue(bytes: Uint8Array): AnyValue {
  return AnyValueType.toObject(AnyValueType.decode(bytes), TO_OBJECT) as AnyValue;
}

/** One encoded Resource's attributes in the OTLP/JSON shape. */
export function decodeResourceAttributes(bytes: Uint8Array): KeyValue[] | undefined {
  return (
    ResourceType.toObject(ResourceType.decode(bytes), TO_OBJECT) as { attributes?: KeyValue[] }
  ).attributes;
}
