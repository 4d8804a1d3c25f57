import type protobuf from "protobufjs";

/*
 * Walking protobuf messages field by field with protobufjs' Reader, for the ingest paths that
 * read straight from the wire into samples (otlp-metrics-proto.ts, remote-write.ts).
 */
export const VARINT = 0;
export const I64 = 1; // wire type of fixed64, sfixed64 and double
export const LEN = 2; // wire type of strings, bytes and messages

/** The end of the length-delimited field at the reader's position. */
export const endOf = (r: protobuf.Reader) => r.uint32() + r.pos;

/** Calls `field(number, wireType)` for each field up to `end`; it must read or skip the value. */
export function fields(r: protobuf.Reader, end: number, field: (no: number, wire: number) => void) {
  while (r.pos < end) {
    const tag = r.uint32();
    field(tag >>> 3, tag & 7);
  }
  if (r.pos !== end) throw new Error("a field runs past its message");
}
