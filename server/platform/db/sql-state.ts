/**
 * The SQLSTATE of a database error (`23505`, `42P07` …), or undefined. Both drivers report it
 * as `code`; drizzle wraps the driver's error in `cause`, so the chain is searched.
 */
export function sqlStateOf(error: unknown): string | undefined {
  for (let e = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    const code = (e as Error & { code?: unknown }).code;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return undefined;
}

/** A unique constraint refused the write (SQLSTATE 23505), whichever driver and wrapping. */
export function isUniqueViolation(error: unknown): boolean {
  return sqlStateOf(error) === "23505";
}
