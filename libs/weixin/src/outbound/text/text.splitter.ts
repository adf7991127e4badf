import {
  fenceStateAfter,
  longestFenceMarker,
  nextFenceState,
  type OpenFence,
} from './markdown-fence.tracker.js';
import { codePointLength, fitPrefix, insideSurrogatePair, utf8Length } from './utf8.util.js';

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
 * last grapheme boundary (a flag, a ZWJ emoji or a letter with its combining accents stays whole;
 * only a single grapheme larger than the room is cut between code points). A Markdown code fence
 * open at a cut is closed at the end of that part and reopened, with its opening line, at the
 * start of the next — unless that line would take more than half of a part, then the rest goes
 * out unfenced. A cut never leaves a fence's opening line without content (the cut moves before
 * it), no part is an empty code block or blank, and whitespace inside a code block is kept.
 * Outside code blocks whitespace at a cut is dropped; an empty or blank text answers `[]`.
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
    if (open && !canReopen(open, closeRoom, limits)) open = null;
    const prefix = open ? `${open.line}\n` : '';
    const whole = prefix + rest;
    if (fitsLimits(whole, limits)) {
      pushPart(parts, prefix, rest, '');
      break;
    }
    let room = closeRoom;
    let end = fitPrefix(
      rest,
      0,
      limits.maxBytes - utf8Length(prefix) - room,
      limits.maxChars - codePointLength(prefix) - room,
    );
    if (end === 0) {
      if (open) {
        open = null;
        continue;
      }
      room = 0;
      end = Math.max(fitPrefix(rest, 0, limits.maxBytes, limits.maxChars), 1);
    }
    let cut = chooseCut(rest, end);
    let after = fenceStateAfter(rest.slice(0, cut), open);
    if (after && after !== open) {
      const at = bareOpeningLine(rest.slice(0, cut), open);
      if (at === 0) {
        const lineEnd = rest.indexOf('\n');
        if (lineEnd < 0) break;
        open = after;
        rest = rest.slice(lineEnd + 1);
        continue;
      }
      if (at > 0) {
        cut = at;
        after = fenceStateAfter(rest.slice(0, cut), open);
      }
    }
    const raw = rest.slice(0, cut);
    const body = after ? raw.replace(/\n$/u, '') : raw.replace(/\s+$/u, '');
    pushPart(parts, prefix, body, after && room > 0 ? `\n${after.marker}` : '');
    open = room > 0 ? after : null;
    rest = rest.slice(cut);
    if (!open) rest = rest.replace(/^\s+/u, '');
    else if (rest.trim() === '') break;
  }
  return parts;
}

/** Adds `prefix + body + close` unless the body is blank (no empty code block, no blank part). */
function pushPart(parts: string[], prefix: string, body: string, close: string): void {
  if (body.trim() !== '') parts.push(prefix + body + close);
}

/** Whether reopening `open` leaves at least half of a part for content. */
function canReopen(open: OpenFence, closeRoom: number, limits: TextLimits): boolean {
  const line = open.line.length + 1;
  return (
    utf8Length(open.line) + 1 + closeRoom <= limits.maxBytes / 2 &&
    line + closeRoom <= limits.maxChars / 2
  );
}

/**
 * Where the fence left open at the end of `text` (it was opened inside `text`, starting from
 * `open`) has its opening line, when nothing but whitespace follows that line; else -1.
 */
function bareOpeningLine(text: string, open: OpenFence | null): number {
  let state = open;
  let start = 0;
  let openedAt = -1;
  for (const line of text.split('\n')) {
    const next = nextFenceState(state, line);
    if (next && next !== state) openedAt = start;
    state = next;
    start += line.length + 1;
  }
  if (openedAt < 0) return -1;
  const lineEnd = text.indexOf('\n', openedAt);
  const after = lineEnd < 0 ? '' : text.slice(lineEnd + 1);
  return after.trim() === '' ? openedAt : -1;
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
  return graphemeFloor(text, end);
}

/** Code units past a cut that are segmented to find the grapheme around it. */
const GRAPHEME_LOOKAHEAD = 64;
const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * The last grapheme boundary at or before `end` (a flag, a ZWJ sequence or a base letter with its
 * combining marks is one grapheme); when the first grapheme is longer than `end`, the last code
 * point boundary instead, so a part never exceeds its room.
 */
function graphemeFloor(text: string, end: number): number {
  if (end >= text.length) return text.length;
  let boundary = 0;
  for (const g of graphemes.segment(text.slice(0, end + GRAPHEME_LOOKAHEAD))) {
    if (g.index > end) break;
    boundary = g.index;
  }
  if (boundary > 0) return boundary;
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
