import { UINT64_ID_KEYS } from './uint64-id.keys.js';

const ID_KEYS: ReadonlySet<string> = new Set(UINT64_ID_KEYS);
const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;

/** Where a walk of a parsed value stands in the ids read from its text. */
interface Cursor {
  next: number;
  /** Set when an object's key order may differ from the text's. */
  reordered: boolean;
}

/**
 * Puts the exact digits of the uint64 ids back into `value`, which `JSON.parse` made from a text
 * whose id numbers, in document order, are `ids` (the digits of each integer, `null` for a
 * fraction or an exponent, which stays a number). Walks the value in the order `JSON.parse`
 * created it, which is the text's order unless an object has integer-like keys (those come
 * first) or a key twice (the last value stands, at the first one's place).
 *
 * Answers whether every id was put back: `false` when an object's order may differ from the
 * text's, the walk met another number of id numbers than `ids` holds (a duplicate key dropped
 * some), or the value is nested deeper than the walk's call stack allows; the value is then
 * partly changed and must be parsed again another way.
 */
export function restoreUint64Ids(value: unknown, ids: (string | null)[]): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const cursor: Cursor = { next: 0, reordered: false };
  try {
    walk(value as Record<string, unknown>, ids, cursor);
  } catch (err) {
    // Nesting deeper than the call stack (`JSON.parse` itself accepts it): parse another way.
    if (err instanceof RangeError) return false;
    throw err;
  }
  return !cursor.reordered && cursor.next === ids.length;
}

function walk(node: object, ids: (string | null)[], cursor: Cursor): void {
  if (Array.isArray(node)) {
    for (const item of node as unknown[]) {
      if (typeof item === 'object' && item !== null) walk(item, ids, cursor);
    }
    return;
  }
  const record = node as Record<string, unknown>;
  let first = true;
  for (const key in record) {
    if (first) {
      first = false;
      const code = key.charCodeAt(0);
      // Integer-like keys are enumerated first, whatever their place in the text.
      if (code >= DIGIT_0 && code <= DIGIT_9) cursor.reordered = true;
    }
    const v = record[key];
    if (typeof v === 'object') {
      if (v !== null) walk(v, ids, cursor);
    } else if (typeof v === 'number' && ID_KEYS.has(key)) {
      const digits = cursor.next < ids.length ? ids[cursor.next] : undefined;
      cursor.next++;
      if (digits) record[key] = digits;
    }
  }
}
