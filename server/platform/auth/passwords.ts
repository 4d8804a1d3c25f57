import { randomBytes, scrypt, timingSafeEqual } from "node:crypto";
import { invalid } from "../errors.ts";
import { COMMON_PASSWORDS } from "./common-passwords.ts";

// scrypt N=2^15, r=8, p=1: about 32 MiB and tens of milliseconds per hash (OWASP's minimum for
// scrypt is N=2^17 with r=8 only when p=1 memory allows; 2^15 keeps logins snappy on 2 cores).
const N = 2 ** 15;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;
const MAX_MEM = 64 * 1024 * 1024;

export const MIN_PASSWORD_LENGTH = 12;
const MAX_PASSWORD_LENGTH = 256;

function derive(password: string, salt: Buffer, n: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(
      password.normalize("NFKC"),
      salt,
      KEY_LENGTH,
      { N: n, r, p, maxmem: MAX_MEM },
      (e, key) => (e ? reject(e) : resolve(key)),
    );
  });
}

/** Hash for storage: scrypt$N$r$p$salt$key (base64). */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, N, R, P);
  return ["scrypt", N, R, P, salt.toString("base64"), key.toString("base64")].join("$");
}

/** Constant-time check of a password against a stored hash. */
export async function verifyPassword(password: string, stored: string | null): Promise<boolean> {
  const parts = (stored ?? "").split("$");
  if (parts.length !== 6 || parts[0] !== "scrypt") {
    // Spend the same time as a real check so unknown accounts cannot be told apart.
    await derive(password, randomBytes(16), N, R, P);
    return false;
  }
  const [, n, r, p, salt, key] = parts as [string, string, string, string, string, string];
  const expected = Buffer.from(key, "base64");
  const actual = await derive(
    password,
    Buffer.from(salt, "base64"),
    Number(n),
    Number(r),
    Number(p),
  );
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/**
 * NIST SP 800-63B: a minimum length, a check against common and context-specific passwords,
 * no composition rules.
 */
export function checkPasswordPolicy(password: string, field = "password", email?: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw invalid(field, `use at least ${MIN_PASSWORD_LENGTH} characters`);
  }
  if (password.length > MAX_PASSWORD_LENGTH) {
    throw invalid(field, `use at most ${MAX_PASSWORD_LENGTH} characters`);
  }
  const lower = password.toLowerCase();
  if (COMMON_PASSWORDS.has(lower) || /^(.)\1+$/.test(password) || isSequence(lower)) {
    throw invalid(field, "this password is too common; choose a less guessable one");
  }
  const local = email?.split("@")[0]?.toLowerCase();
  if ((local && local.length >= 4 && lower.includes(local)) || lower.includes("glasspane")) {
    throw invalid(field, "do not use your email address or the product name in the password");
  }
}

function isSequence(text: string): boolean {
  const runs = [
    "0123456789012345678901234567890",
    "abcdefghijklmnopqrstuvwxyz",
    "qwertyuiopasdfghjklzxcvbnm",
  ];
  return runs.some((run) => run.includes(text) || run.split("").reverse().join("").includes(text));
}
