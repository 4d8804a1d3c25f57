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
    if (v === null) parts[i] = "NULL";
    else if (typeof v === "number") parts[i] = String(v);
    // Most values (ids, times, plain names) hold neither: no regex for them.
    else if (!v.includes('"') && !v.includes("\\")) parts[i] = `"${v}"`;
    else parts[i] = `"${v.replace(/[\\"]/g, "\\$&")}"`;
  }
  return `{${parts.join(",")}}`;
}
