import { createHash } from 'node:crypto';
import type { PartialText } from '../protocol/index.js';
import type { WeixinPartialQuote } from './weixin-quote.interface.js';

/** Index of the `n`-th (0-based) occurrence of `needle` in `text` at or after `from`, else -1. */
function occurrence(text: string, needle: string, n: number, from = 0): number {
  let at = text.indexOf(needle, from);
  for (let i = 0; i < n && at >= 0; i++) at = text.indexOf(needle, at + 1);
  return at;
}

function md5Hex(text: string): string {
  return createHash('md5').update(text, 'utf8').digest('hex');
}

const count = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : undefined;

/**
 * The selected substring of `text` that `partial` describes (protocol §9.6), or `undefined` when
 * the snippets do not locate one. Occurrences are counted overlapping, from 0. Two readings of
 * `endindex` exist (over the whole text; from just after the start snippet): with `quotemd5` the
 * reading whose selection has that MD5 wins (none matching: `undefined`); without it the
 * whole-text reading is preferred, as the official client does.
 */
export function locatePartialText(text: string, partial: WeixinPartialQuote): string | undefined {
  const { start, end } = partial;
  if (!start || !end) return undefined;
  const startIndex = partial.startIndex ?? 0;
  const endIndex = partial.endIndex ?? 0;
  const s = occurrence(text, start, startIndex);
  if (s < 0) return undefined;
  const candidates: string[] = [];
  const whole = occurrence(text, end, endIndex);
  if (whole >= s && whole + end.length >= s + start.length) {
    candidates.push(text.slice(s, whole + end.length));
  }
  const relative = occurrence(text, end, endIndex, s + start.length);
  if (relative >= 0) candidates.push(text.slice(s, relative + end.length));
  const md5 = partial.quoteMd5?.toLowerCase();
  if (md5) return candidates.find((c) => md5Hex(c) === md5);
  return candidates[0];
}

/** The wire `partial_text` as a {@link WeixinPartialQuote} (fields of the wrong type dropped). */
export function readPartialText(wire: PartialText): WeixinPartialQuote {
  const partial: WeixinPartialQuote = {};
  if (typeof wire.start === 'string') partial.start = wire.start;
  if (typeof wire.end === 'string') partial.end = wire.end;
  const startIndex = count(wire.startindex);
  if (startIndex !== undefined) partial.startIndex = startIndex;
  const endIndex = count(wire.endindex);
  if (endIndex !== undefined) partial.endIndex = endIndex;
  if (typeof wire.quotemd5 === 'string' && /^[0-9a-f]{32}$/i.test(wire.quotemd5)) {
    partial.quoteMd5 = wire.quotemd5.toLowerCase();
  }
  return partial;
}
