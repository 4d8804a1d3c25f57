/*
 * Rows in PostgreSQL's binary COPY format (the COPY documentation, "Binary Format"): a
 * signature, flags and header extension length, then per tuple a 16-bit field count and per
 * field a 32-bit length and the value in the type's binary send format, then -1. All
 * big-endian. Only the types bulk ingest writes: uuid, timestamptz, float8, int4, numeric, text,
 * jsonb, tsvector and null.
 */
const SIGNATURE = [0x50, 0x47, 0x43, 0x4f, 0x50, 0x59, 0x0a, 0xff, 0x0d, 0x0a, 0x00];
/**
 * Digits a numeric from text may have: more than any amount, well inside numeric's own limits
 * (its weight is 16 bits, its display scale 14).
 */
export const MAX_NUMERIC_DIGITS = 1000;
const NUMERIC_GROUPS = new Uint16Array(MAX_NUMERIC_DIGITS / 4 + 2);
/** Text up to this long is tried as ASCII first (BinaryCopyWriter.text). */
const SHORT_TEXT = 64;
/** timestamptz counts microseconds from 2000-01-01 UTC. */
const PG_EPOCH_MS = 946_684_800_000;

const HEX = new Int8Array(128).fill(-1);
for (let i = 0; i < 10; i++) HEX[48 + i] = i;
for (let i = 0; i < 6; i++) {
  HEX[65 + i] = 10 + i;
  HEX[97 + i] = 10 + i;
}

/**
 * Writes tuples into fixed-size chunks (a Buffer each, filled then handed out), so a large
 * batch is never one huge buffer nor many small ones.
 */
/**
 * A tsvector to write: distinct lexemes; lexeme i has `counts[i]` positions, stored in
 * `positions` right after those of the lexemes before it; `bytes` is its binary form's length.
 */
export interface TsvectorParts {
  words: readonly string[];
  counts: ArrayLike<number>;
  positions: ArrayLike<number>;
  /** Every lexeme is ASCII: written a character a byte. */
  isAscii: boolean;
  bytes: number;
}

export class BinaryCopyWriter {
  private readonly chunkBytes: number;
  private readonly chunks: Buffer<ArrayBuffer>[] = [];
  private buf: Buffer<ArrayBuffer>;
  private at = 0;

  constructor(chunkBytes = 1 << 20) {
    this.chunkBytes = chunkBytes;
    this.buf = Buffer.allocUnsafe(chunkBytes);
    for (const b of SIGNATURE) this.buf[this.at++] = b;
    this.at = this.buf.writeInt32BE(0, this.at); // flags
    this.at = this.buf.writeInt32BE(0, this.at); // header extension length
  }

  /** Starts a tuple of `fields` fields, at most `bytes` long in all (so it is never split). */
  tuple(fields: number, bytes: number) {
    if (this.at + 2 + bytes > this.buf.length) {
      this.chunks.push(this.buf.subarray(0, this.at));
      this.buf = Buffer.allocUnsafe(Math.max(this.chunkBytes, bytes + 2));
      this.at = 0;
    }
    this.at = this.buf.writeInt16BE(fields, this.at);
  }

  /** A uuid from its text form (hex digits with or without dashes); throws on anything else. */
  uuid(text: string) {
    const buf = this.buf;
    let at = this.buf.writeInt32BE(16, this.at);
    let high = -1;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 45) continue; // "-"
      const v = c < 128 ? HEX[c]! : -1;
      if (v < 0) throw new Error(`not a uuid: ${text}`);
      if (high < 0) high = v;
      else {
        buf[at++] = (high << 4) | v;
        high = -1;
      }
    }
    if (at !== this.at + 20 || high >= 0) throw new Error(`not a uuid: ${text}`);
    this.at = at;
  }

  /** A timestamptz from milliseconds since the epoch. */
  timestamptz(ms: number) {
    if (!Number.isFinite(ms)) throw new Error(`not a time: ${ms}`); // an Invalid Date
    // Microseconds stay exact in a double (below 2^53) and are written as two 32-bit halves.
    const micros = Math.round(ms - PG_EPOCH_MS) * 1000;
    const high = Math.floor(micros / 2 ** 32);
    let at = this.buf.writeInt32BE(8, this.at);
    at = this.buf.writeInt32BE(high, at);
    this.at = this.buf.writeUInt32BE(micros - high * 2 ** 32, at);
  }

  int4(value: number) {
    const at = this.buf.writeInt32BE(4, this.at);
    this.at = this.buf.writeInt32BE(value, at);
  }

  float8(value: number) {
    const at = this.buf.writeInt32BE(8, this.at);
    this.at = this.buf.writeDoubleBE(value, at);
  }

  /**
   * Text as UTF-8 (its tuple's bound must allow 3 bytes per UTF-16 unit). The caller keeps NUL
   * out: PostgreSQL refuses it in text either way.
   */
  text(value: string) {
    const n = value.length;
    // Short ASCII text (most of a billing row's 50 columns) a byte at a time: Buffer.write's
    // call costs more than the copy itself at these lengths.
    if (n <= SHORT_TEXT) {
      const buf = this.buf;
      let at = this.at + 4;
      for (let i = 0; i < n; i++) {
        const c = value.charCodeAt(i);
        if (c >= 0x80) return this.utf8(value);
        buf[at++] = c;
      }
      this.buf.writeInt32BE(n, this.at);
      this.at = at;
      return;
    }
    this.utf8(value);
  }

  private utf8(value: string) {
    const bytes = this.buf.write(value, this.at + 4, "utf8");
    this.buf.writeInt32BE(bytes, this.at);
    this.at += 4 + bytes;
  }

  /** jsonb's binary form: a version byte (1), then the JSON text, which the server parses. */
  jsonb(json: string) {
    this.buf[this.at + 4] = 1;
    const bytes = this.buf.write(json, this.at + 5, "utf8");
    this.buf.writeInt32BE(bytes + 1, this.at);
    this.at += 5 + bytes;
  }

  /**
   * A tsvector's binary form (tsvectorsend): the lexeme count, then per lexeme its UTF-8 bytes
   * and a NUL, its position count and each position (weight bits left 0, i.e. D). PostgreSQL
   * sorts the lexemes when they arrive out of its order, but does not merge duplicates: pass them
   * distinct.
   */
  tsvector(v: TsvectorParts) {
    const buf = this.buf;
    let at = buf.writeInt32BE(v.bytes, this.at);
    const start = at;
    at = buf.writeInt32BE(v.words.length, at);
    let p = 0;
    for (let i = 0; i < v.words.length; i++) {
      const word = v.words[i]!;
      if (v.isAscii) for (let k = 0; k < word.length; k++) buf[at++] = word.charCodeAt(k);
      else at += buf.write(word, at, "utf8");
      buf[at++] = 0;
      const n = v.counts[i]!;
      buf[at++] = n >> 8;
      buf[at++] = n & 0xff;
      for (const end = p + n; p < end; p++) {
        const position = v.positions[p]!;
        buf[at++] = position >> 8;
        buf[at++] = position & 0xff;
      }
    }
    if (at - start !== v.bytes) throw new Error(`tsvector of ${at - start} bytes, not ${v.bytes}`);
    this.at = at;
  }

  null() {
    this.at = this.buf.writeInt32BE(-1, this.at);
  }

  /** A field already in binary form, its 32-bit length included (a value every tuple repeats). */
  raw(field: Uint8Array) {
    this.buf.set(field, this.at);
    this.at += field.length;
  }

  /**
   * A numeric from a plain decimal (`-12.340`, `.5`, `7.`: optional sign, digits, at most one
   * point, no exponent), its scale as written, which is what numeric_in makes of the same text.
   * Writes nothing and returns false for anything else, or for more than MAX_NUMERIC_DIGITS
   * digits. Its tuple's bound must allow 16 bytes more than the text's length.
   */
  numeric(text: string): boolean {
    const n = text.length;
    let i = 0;
    const first = text.charCodeAt(0);
    const negative = first === 45; // "-"
    if (negative || first === 43) i = 1; // "+"
    let point = -1;
    for (let k = i; k < n; k++) {
      const c = text.charCodeAt(k);
      if (c === 46) {
        if (point >= 0) return false;
        point = k;
      } else if (c < 48 || c > 57) return false;
    }
    const intEnd = point < 0 ? n : point;
    const fracStart = point < 0 ? n : point + 1;
    if (intEnd === i && fracStart === n) return false; // no digit at all
    if (n - i > MAX_NUMERIC_DIGITS) return false;
    let s = i;
    while (s < intEnd && text.charCodeAt(s) === 48) s++;
    // Base-10000 digits, aligned on the point: the integer part's groups end at it, the
    // fraction's start at it (its last group padded with zeros on the right).
    const groups = NUMERIC_GROUPS;
    let count = 0;
    let group = 0;
    let inGroup = (intEnd - s) % 4 || 4;
    for (let k = s; k < intEnd; k++) {
      group = group * 10 + (text.charCodeAt(k) - 48);
      if (--inGroup === 0) {
        groups[count++] = group;
        group = 0;
        inGroup = 4;
      }
    }
    let weight = count - 1;
    inGroup = 4;
    for (let k = fracStart; k < n; k++) {
      group = group * 10 + (text.charCodeAt(k) - 48);
      if (--inGroup === 0) {
        groups[count++] = group;
        group = 0;
        inGroup = 4;
      }
    }
    if (inGroup < 4) groups[count++] = group * 10 ** inGroup;
    let start = 0;
    while (start < count && groups[start] === 0) {
      start++;
      weight--;
    }
    while (count > start && groups[count - 1] === 0) count--;
    const digits = count - start;
    if (digits === 0) weight = 0;
    const buf = this.buf;
    let at = buf.writeInt32BE(8 + 2 * digits, this.at);
    at = buf.writeInt16BE(digits, at);
    at = buf.writeInt16BE(weight, at);
    // Zero has no sign in numeric (numeric_in makes "-0.0" positive).
    at = buf.writeUInt16BE(negative && digits > 0 ? 0x4000 : 0, at);
    at = buf.writeInt16BE(n - fracStart, at);
    for (let k = start; k < count; k++) at = buf.writeUInt16BE(groups[k]!, at);
    this.at = at;
    return true;
  }

  /** The stream: every chunk, the trailer written. The writer is done with. */
  finish(): Buffer<ArrayBuffer>[] {
    if (this.at + 2 > this.buf.length) {
      this.chunks.push(this.buf.subarray(0, this.at));
      this.buf = Buffer.allocUnsafe(2);
      this.at = 0;
    }
    this.at = this.buf.writeInt16BE(-1, this.at);
    this.chunks.push(this.buf.subarray(0, this.at));
    return this.chunks;
  }
}
