/**
 * A CSV splitter for the common shape of billing files, comma-separated, rows ending in "\n"
 * or "\r\n", quotes only around whole fields, which papaparse reads the same way: the reader
 * tries it first and hands the file to papaparse the moment a piece of text is anything else
 * (see `openCsv`). It does what papaparse does for these files (its `skipEmptyLines: true`
 * included) in about half the time: one pass of char codes, and an empty field is null
 * without a string made for it.
 */

/** The rows split so far; `irregular` once the text is beyond this splitter. */
export interface SplitRows {
  rows: (string | null)[][];
  irregular: boolean;
}

const COMMA = 44;
const QUOTE = 34;
const LF = 10;
const CR = 13;

/** Blank fields and the literal NULL some exporters write are absent values. */
export const absent = (value: string): string | null =>
  value === "" || value === "NULL" ? null : value;

export class CsvRows {
  private text = "";
  /** The text's char codes as bytes, when it is ASCII: a typed array scans faster. */
  private codes: Uint8Array | null = null;
  private pos = 0;
  private final = false;
  private width = 0;

  /**
   * @param crlf rows end in "\r\n" (a lone "\n" is then irregular), else in "\n" (a "\r"
   *   before it is the field's, as papaparse keeps it).
   */
  constructor(private readonly crlf: boolean) {}

  /**
   * The next piece of the file (`final`: the last), after the rows of the one before were
   * taken; `ascii`, if given, is the piece's bytes and holds only ASCII (one byte a char).
   */
  feed(text: string, final: boolean, ascii?: Uint8Array): void {
    const rest = this.pos < this.text.length ? this.text.slice(this.pos) : "";
    const restCodes = this.codes?.subarray(this.pos) ?? null;
    const codes = ascii && ascii.length === text.length ? ascii : null;
    if (rest === "") {
      this.text = text;
      this.codes = codes;
    } else {
      this.text = rest + text;
      this.codes = codes && restCodes ? Buffer.concat([restCodes, codes]) : null;
    }
    this.pos = 0;
    this.final = final;
  }

  /**
   * Up to `max` rows of the text fed so far: fewer when it runs out (a row it leaves unfinished
   * waits for the next piece, or ends at the end of the file).
   */
  take(max: number): SplitRows {
    const s = this.text;
    const n = s.length;
    const final = this.final;
    const crlf = this.crlf;
    const codes = this.codes;
    const rows: (string | null)[][] = [];
    let pos = this.pos;
    while (pos < n && rows.length < max) {
      const rowStart = pos;
      const fields: (string | null)[] = new Array(this.width);
      let count = 0;
      let isEmpty = true;
      let rowEnd = -1;
      for (;;) {
        let value: string;
        let c: number;
        if (s.charCodeAt(pos) === QUOTE) {
          value = "";
          let from = pos + 1;
          let q = s.indexOf('"', from);
          // Unterminated, or perhaps the first of an escaped pair: wait for more text.
          while (q >= 0 && (q < n - 1 || final) && s.charCodeAt(q + 1) === QUOTE) {
            value += s.slice(from, q + 1);
            from = q + 2;
            q = s.indexOf('"', from);
          }
          if (q < 0 || (q === n - 1 && !final)) {
            if (final) return this.irregular(rows);
            break;
          }
          value += s.slice(from, q);
          pos = q + 1;
          c = pos < n ? s.charCodeAt(pos) : -1;
          if (c !== COMMA && c !== LF && c !== CR && c !== -1) return this.irregular(rows);
        } else {
          let k = pos;
          c = -1;
          if (codes !== null)
            while (k < n) {
              c = codes[k] as number;
              if (c === COMMA || c === LF || (c === CR && crlf)) break;
              k++;
            }
          else
            while (k < n) {
              c = s.charCodeAt(k);
              if (c === COMMA || c === LF || (c === CR && crlf)) break;
              k++;
            }
          if (k === n) c = -1;
          value = k === pos ? "" : s.slice(pos, k);
          pos = k;
        }
        if (value !== "") isEmpty = false;
        fields[count++] = absent(value);
        if (c === COMMA) {
          isEmpty = false;
          pos++;
          continue;
        }
        if (c === -1) {
          if (final) rowEnd = n;
        } else if (crlf) {
          if (c === CR && s.charCodeAt(pos + 1) === LF) rowEnd = pos + 2;
          else if (pos + 1 < n || final) return this.irregular(rows);
        } else if (c === LF) rowEnd = pos + 1;
        // A quoted field ended by "\r": papaparse would keep the "\r" outside the quotes.
        else return this.irregular(rows);
        break;
      }
      if (rowEnd < 0) {
        pos = rowStart;
        break;
      }
      fields.length = count;
      this.width = count;
      // papaparse's skipEmptyLines: a row of one empty field (quoted or not) is no row.
      if (!(isEmpty && count === 1)) rows.push(fields);
      pos = rowEnd;
    }
    this.pos = pos;
    return { rows, irregular: false };
  }

  private irregular(rows: (string | null)[][]): SplitRows {
    this.text = "";
    this.codes = null;
    this.pos = 0;
    return { rows, irregular: true };
  }
}
