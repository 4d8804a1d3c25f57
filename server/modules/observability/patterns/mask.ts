/**
 * Turns one log message into tokens with the variable parts replaced by `<*>`.
 *
 * Generic by design: no rule here names a log system. A message is split on whitespace; a token
 * that holds a digit is cut further at punctuation (`=`, `:`, `,`, brackets, quotes…) and each
 * piece that looks like a value — a number, an address, a hex id, a version, a duration, an
 * identifier that is mostly digits — becomes `<*>`. The punctuation stays, so `uid=0` becomes
 * `uid=<*>` and `10.0.0.1:8080` becomes `<*>:<*>`. Words with a digit that read as names
 * (`SOCKS5`, `eth0`, `L2`) are kept: the miner decides from the data whether they vary.
 */

export const WILDCARD = "<*>";

const DIGIT_0 = 48;
const DIGIT_9 = 57;

function isDigit(code: number): boolean {
  return code >= DIGIT_0 && code <= DIGIT_9;
}

function isLetter(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

function isHexLetter(code: number): boolean {
  return (code >= 65 && code <= 70) || (code >= 97 && code <= 102);
}

/** Punctuation that separates a key from its value or a value from its neighbour. */
function isDelimiter(code: number): boolean {
  switch (code) {
    case 61: // =
    case 58: // :
    case 44: // ,
    case 59: // ;
    case 40: // (
    case 41: // )
    case 91: // [
    case 93: // ]
    case 123: // {
    case 125: // }
    case 60: // <
    case 62: // >
    case 34: // "
    case 39: // '
    case 96: // `
    case 124: // |
    case 47: // /
    case 92: // \
    case 64: // @
    case 35: // #
    case 38: // &
    case 63: // ?
      return true;
    default:
      return false;
  }
}

/**
 * Whether a piece (no delimiters inside) holding at least one digit is a value. Names with a
 * short number in them (`SOCKS5`, `ipv6`, `md5sum`) are not; anything that starts like a number,
 * is hex, or is more digits than letters is.
 */
function isValuePiece(token: string, start: number, end: number): boolean {
  let first = token.charCodeAt(start);
  if ((first === 45 || first === 43) && end - start > 1) first = token.charCodeAt(start + 1);
  if (isDigit(first)) return true;
  let digits = 0;
  let letters = 0;
  let hexOnly = true;
  for (let i = start; i < end; i++) {
    const code = token.charCodeAt(i);
    if (isDigit(code)) digits++;
    else if (isLetter(code)) {
      letters++;
      if (!isHexLetter(code)) hexOnly = false;
    } else if (code !== 45) hexOnly = false; // UUIDs and hyphenated hashes stay hex
  }
  // Hex ids: with a digit from 6 characters, made of a–f letters alone (`ffffffff`) from 8.
  if (hexOnly && end - start >= (digits === 0 ? 8 : 6)) return true;
  if (digits === 0) return false;
  return digits >= letters;
}

/** Whether a token may hold a value: a digit, or a run of 8 hex letters (`ffffffff`). */
function mayHoldValue(token: string): boolean {
  let hexRun = 0;
  for (let i = 0; i < token.length; i++) {
    const code = token.charCodeAt(i);
    if (isDigit(code)) return true;
    hexRun = isHexLetter(code) ? hexRun + 1 : 0;
    if (hexRun >= 8) return true;
  }
  return false;
}

/** A token with URL-like or long path-like shape is a value even without digits. */
function isPathLike(token: string): boolean {
  if (token.includes("://")) return true;
  let slashes = 0;
  for (let i = 0; i < token.length; i++) if (token.charCodeAt(i) === 47) slashes++;
  return slashes >= 3 && token.charCodeAt(0) === 47;
}

/** Month and weekday names are parts of dates, which are values. */
const CALENDAR_WORDS = new Set(
  "jan feb mar apr may jun jul aug sep sept oct nov dec january february march april june july august september october november december mon tue wed thu fri sat sun monday tuesday wednesday thursday friday saturday sunday"
    .split(" ")
    .flatMap((word) => [word, word[0]?.toUpperCase() + word.slice(1), word.toUpperCase()]),
);

/** Masks one whitespace-free token; returns the token itself when nothing in it varies. */
export function maskToken(token: string): string {
  if (isPathLike(token)) return WILDCARD;
  if (!mayHoldValue(token)) return CALENDAR_WORDS.has(token) ? WILDCARD : token;
  let out = "";
  let pieceStart = 0;
  let changed = false;
  for (let i = 0; i <= token.length; i++) {
    const code = i < token.length ? token.charCodeAt(i) : -1;
    if (code !== -1 && !isDelimiter(code)) continue;
    if (i > pieceStart) {
      if (isValuePiece(token, pieceStart, i)) {
        out += WILDCARD;
        changed = true;
      } else out += token.slice(pieceStart, i);
    }
    if (code !== -1) out += token[i];
    pieceStart = i + 1;
  }
  return changed ? out : token;
}

/** Splits on runs of whitespace and masks each token. */
export function tokenize(message: string): string[] {
  const tokens: string[] = [];
  let start = -1;
  for (let i = 0; i <= message.length; i++) {
    const code = i < message.length ? message.charCodeAt(i) : 32;
    const space = code === 32 || code === 9 || code === 10 || code === 13 || code === 12;
    if (space) {
      if (start >= 0) {
        tokens.push(maskToken(message.slice(start, i)));
        start = -1;
      }
    } else if (start < 0) start = i;
  }
  return tokens;
}
