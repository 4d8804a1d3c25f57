/**
 * Values as one PostgreSQL array literal (`{"a","b"}`), to pass a whole column as a single
 * parameter and expand it with `unnest($1::uuid[], …)`: one statement of any length, with no
 * limit on parameters and none of the per-parameter cost of a many-row VALUES list. Strings are
 * always quoted (backslash and quote escaped), so only null is NULL; numbers must be finite.
 */
export function arrayLiteral(values: readonly (string | number | null)[]): string {
  const parts = new Array<string>(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    parts[i] =
      v === null ? "NULL" : typeof v === "number" ? String(v) : `"${v.replace(/[\\"]/g, "\\$&")}"`;
  }
  return `{${parts.join(",")}}`;
}
