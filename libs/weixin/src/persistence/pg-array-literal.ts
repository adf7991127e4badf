/** Characters an element of a Postgres array literal must have escaped inside its quotes. */
const ESCAPED = /[\\"]/g;

/**
 * The Postgres array literal (`{"a","b",NULL}`) of `values`, each read from an item by `read`,
 * for a `$n::text[]` (or `$n::bigint[]`) parameter: the text `pg` would make of a JavaScript
 * array (every element quoted, `\` and `"` escaped, `null`/`undefined` as `NULL`), built in one
 * pass without the array of values. Numbers are written as JavaScript prints them.
 */
export function pgArrayLiteral<T>(
  items: readonly T[],
  read: (item: T) => string | number | null | undefined,
): string {
  let out = '{';
  for (let i = 0; i < items.length; i++) {
    if (i > 0) out += ',';
    const value = read(items[i]!);
    if (value === null || value === undefined) {
      out += 'NULL';
    } else {
      const text = typeof value === 'string' ? value : String(value);
      out += `"${text.includes('\\') || text.includes('"') ? text.replace(ESCAPED, '\\$&') : text}"`;
    }
  }
  return out + '}';
}
