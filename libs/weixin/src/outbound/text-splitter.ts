import { fenceStateAfter, longestFenceMarker, type OpenFence } from './markdown-fence.js';
import { codePointLength, fitPrefix, insideSurrogatePair, utf8Length } from './utf8.js';

/** Limits of one text message. */
export interface TextLimits {
  /** Most UTF-8 bytes per part. */
  maxBytes: number;
  /** Most code points per part. */
  maxChars: number;
}

const CJK_SENTENCE_END = new Set(['。', '！', '？', '；', '…']);
const LATIN_SENTENCE_END = new Set(['.', '!', '?', ';']);

/** Whether `text` fits `limits`. */
export function fitsLimits(text: string, limits: TextLimits): boolean {
  return utf8Length(text) <= limits.maxBytes && codePointLength(text) <= limits.maxChars;
}

/**
 * Splits `text` into parts that each fit `limits`. Cuts on the last paragraph break, else line
 * break, else sentence end, else space that lies in the second half of the room left, else at the
 * last whole code point (never inside a UTF-8 sequence or a surrogate pair). A Markdown code fence
 * open at a cut is closed at the end of that part and reopened, with its info string, at the start
 * of the next. Whitespace at a cut is dropped; an empty or blank text answers `[]`.
 */
export function splitText(text: string, limits: TextLimits): string[] {
  if (text.trim() === '') return [];
  if (fitsLimits(text, limits)) return [text];
  const markerRoom = longestFenceMarker(text);
  const closeRoom = markerRoom > 0 ? markerRoom + 1 : 0;
  const parts: string[] = [];
  let rest = text;
  let open: OpenFence | null = null;
  while (rest !== '') {
    const prefix = open ? `${open.line}\n` : '';
    const whole = prefix + rest;
    if (fitsLimits(whole, limits)) {
      parts.push(whole);
      break;
    }
    const maxBytes = limits.maxBytes - utf8Length(prefix) - closeRoom;
    const maxChars = limits.maxChars - codePointLength(prefix) - closeRoom;
    let end = fitPrefix(rest, 0, Math.max(maxBytes, 4), Math.max(maxChars, 1));
    if (end === 0) end = rest.codePointAt(0)! > 0xffff ? 2 : 1;
    const cut = chooseCut(rest, end);
    const body = rest.slice(0, cut).replace(/\s+$/u, '');
    const after = fenceStateAfter(body, open);
    parts.push(prefix + body + (after ? `\n${after.marker}` : ''));
    open = after;
    rest = rest.slice(cut);
    if (!open) rest = rest.replace(/^\s+/u, '');
    else if (rest.trim() === '') break;
  }
  return parts.filter((p) => p.trim() !== '');
}

/** Where to cut `text` at or before `end`: the best boundary in the second half, else `end`. */
function chooseCut(text: string, end: number): number {
  if (end >= text.length) return text.length;
  const floor = Math.floor(end / 2);
  const window = text.slice(0, end);
  const paragraph = window.lastIndexOf('\n\n');
  if (paragraph > floor) return paragraph + 1;
  const line = window.lastIndexOf('\n');
  if (line > floor) return line + 1;
  const sentence = lastSentenceEnd(text, end);
  if (sentence > floor) return sentence;
  const space = Math.max(window.lastIndexOf(' '), window.lastIndexOf('\t'));
  if (space > floor) return space + 1;
  return insideSurrogatePair(text, end) ? end - 1 : end;
}

/** The index just after the last sentence end before `end` (0 when none). */
function lastSentenceEnd(text: string, end: number): number {
  for (let i = end - 1; i > 0; i--) {
    const ch = text[i - 1]!;
    if (CJK_SENTENCE_END.has(ch)) return i;
    if (LATIN_SENTENCE_END.has(ch) && /\s/u.test(text[i] ?? '')) return i;
  }
  return 0;
}
