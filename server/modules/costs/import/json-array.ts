import type { Readable } from "node:stream";
import { StringDecoder } from "node:string_decoder";
import { AppError } from "../../../platform/errors.ts";
import type { SourceRecord } from "./focus.ts";

const QUOTE = 34;
const BACKSLASH = 92;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const COMMA = 44;

/**
 * The objects of a file holding one JSON array of records, as query tools write results
 * (`bq query --format=json` or `prettyjson`, a REST API's saved response), or holding objects one
 * after the other over several lines each (`jq .` of JSON lines): streamed an object at a time,
 * never the whole file parsed at once. Each object is parsed on its own, so an error names the
 * record it is in.
 */
export async function* jsonArrayRecords(
  stream: Readable,
  fileName: string,
): AsyncGenerator<SourceRecord> {
  const refuse = (why: string) =>
    new AppError("invalid_input", `${fileName}: ${why}`, { file: fileName });
  const decoder = new StringDecoder("utf8");
  // "[": an array; "{": objects one after the other, no array around them.
  let opened: "[" | "{" | undefined;
  let closed = false;
  let depth = 0;
  let inString = false;
  let escaped = false;
  // The text of the object being read that earlier pieces of the file held.
  let pending = "";
  let record = 0;
  const parse = (json: string): SourceRecord => {
    let value: unknown;
    try {
      value = JSON.parse(json);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw refuse(`record ${record} is not JSON (${reason})`);
    }
    if (!value || typeof value !== "object" || Array.isArray(value))
      throw refuse(`record ${record} is not a JSON object`);
    return value as SourceRecord;
  };
  const pieces = async function* () {
    for await (const chunk of stream) yield decoder.write(chunk as Buffer);
    yield decoder.end();
  };
  for await (const text of pieces()) {
    let start = depth > 0 ? 0 : -1;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (depth > 0) {
        if (inString) {
          if (escaped) escaped = false;
          else if (c === BACKSLASH) escaped = true;
          else if (c === QUOTE) inString = false;
        } else if (c === QUOTE) inString = true;
        else if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
        else if ((c === CLOSE_BRACE || c === CLOSE_BRACKET) && --depth === 0) {
          const json = pending + text.slice(start, i + 1);
          pending = "";
          start = -1;
          record++;
          yield parse(json);
        }
        continue;
      }
      // Between the records: spaces, a byte order mark, commas, the array's brackets.
      if (c <= 32 || c === 0xfeff) continue;
      if (!opened && c === OPEN_BRACKET) opened = "[";
      else if (!closed && c === OPEN_BRACE) {
        opened ??= "{";
        depth = 1;
        start = i;
      } else if (opened === "[" && !closed && c === COMMA) continue;
      else if (opened === "[" && !closed && c === CLOSE_BRACKET) closed = true;
      else throw refuse(`unexpected "${text[i]}" after record ${record} of the JSON array`);
    }
    if (depth > 0) pending += text.slice(start);
  }
  if (depth > 0 || (opened === "[" && !closed))
    throw refuse(
      `the JSON ${opened === "[" ? "array" : "object"} ends early: the file may be cut short`,
    );
}
