/**
 * JSON text with uint64 identifiers. Answers write `bigint` values as bare JSON numbers (the real
 * server sends `message_id`, `msg_id` and `svr_id` as unquoted integers above 2^53); request bodies
 * are parsed with the integer values of those keys quoted first, so they survive as exact strings.
 */

/** A JSON value whose numbers may be `bigint` (written as bare digits). */
export type WireJson =
  | string
  | number
  | boolean
  | null
  | bigint
  | readonly WireJson[]
  | { readonly [key: string]: WireJson | undefined };

/** A JSON object whose numbers may be `bigint`. */
export type WireObject = { [key: string]: WireJson | undefined };

/** Keys whose integer values are uint64 identifiers on the wire. */
const UINT64_KEYS = new Set(['message_id', 'msg_id', 'svr_id']);

/** Serializes `value`; `bigint`s become bare integer literals, `undefined` members are dropped. */
export function stringifyWire(value: WireJson): string {
  const out: string[] = [];
  write(value, out);
  return out.join('');
}

function write(value: WireJson, out: string[]): void {
  if (value === null) {
    out.push('null');
  } else if (typeof value === 'bigint') {
    out.push(value.toString());
  } else if (typeof value === 'string') {
    out.push(JSON.stringify(value));
  } else if (typeof value === 'number') {
    out.push(Number.isFinite(value) ? String(value) : 'null');
  } else if (typeof value === 'boolean') {
    out.push(value ? 'true' : 'false');
  } else if (isArray(value)) {
    out.push('[');
    value.forEach((item, index) => {
      if (index > 0) out.push(',');
      write(item, out);
    });
    out.push(']');
  } else {
    out.push('{');
    let first = true;
    for (const [key, member] of Object.entries(value)) {
      if (member === undefined) continue;
      if (!first) out.push(',');
      first = false;
      out.push(JSON.stringify(key), ':');
      write(member, out);
    }
    out.push('}');
  }
}

function isArray(value: WireJson): value is readonly WireJson[] {
  return Array.isArray(value);
}

/**
 * Rewrites `text` so that every integer literal directly following a `message_id`, `msg_id` or
 * `svr_id` object key is quoted. String tokens (with escapes) are skipped, so text inside values is
 * never touched.
 */
export function quoteUint64Ids(text: string): string {
  let out = '';
  let copied = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    if (text.charCodeAt(i) !== 0x22) {
      i++;
      continue;
    }
    const start = i + 1;
    i = start;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 0x5c) {
        i += 2;
        continue;
      }
      if (c === 0x22) break;
      i++;
    }
    const name = text.slice(start, i);
    i++;
    if (!UINT64_KEYS.has(name)) continue;
    let j = skipSpace(text, i);
    if (text[j] !== ':') continue;
    j = skipSpace(text, j + 1);
    const match = /^-?\d+/.exec(text.slice(j, j + 32));
    if (!match) continue;
    const end = j + match[0].length;
    if (/[.eE]/.test(text[end] ?? '')) continue;
    out += `${text.slice(copied, j)}"${match[0]}"`;
    copied = end;
    i = end;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

function skipSpace(text: string, from: number): number {
  let i = from;
  while (i < text.length && /\s/.test(text[i])) i++;
  return i;
}

/** Parses JSON text keeping uint64 identifiers as decimal strings. Throws on invalid JSON. */
export function parseWireJson(text: string): unknown {
  return JSON.parse(quoteUint64Ids(text));
}
