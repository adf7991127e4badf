/** UTF-8 byte length of one code point. */
export function codePointBytes(cp: number): number {
  if (cp < 0x80) return 1;
  if (cp < 0x800) return 2;
  if (cp < 0x10000) return 3;
  return 4;
}

/** UTF-8 byte length of a string (lone surrogates count as U+FFFD, 3 bytes, as `Buffer` does). */
export function utf8Length(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** Number of Unicode code points of a string (a surrogate pair counts once). */
export function codePointLength(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

/**
 * The largest UTF-16 index `end` (≤ `text.length`, from `start`) such that `text.slice(start, end)`
 * holds at most `maxBytes` UTF-8 bytes and `maxChars` code points, never splitting a surrogate
 * pair. Answers `start` when not even one code point fits.
 */
export function fitPrefix(text: string, start: number, maxBytes: number, maxChars: number): number {
  let bytes = 0;
  let chars = 0;
  let i = start;
  while (i < text.length) {
    const cp = text.codePointAt(i)!;
    const width = cp > 0xffff ? 2 : 1;
    const size = cp >= 0xd800 && cp <= 0xdfff ? 3 : codePointBytes(cp);
    if (bytes + size > maxBytes || chars + 1 > maxChars) break;
    bytes += size;
    chars += 1;
    i += width;
  }
  return i;
}

/** Whether index `i` of `text` falls between the two halves of a surrogate pair. */
export function insideSurrogatePair(text: string, i: number): boolean {
  if (i <= 0 || i >= text.length) return false;
  const prev = text.charCodeAt(i - 1);
  const next = text.charCodeAt(i);
  return prev >= 0xd800 && prev <= 0xdbff && next >= 0xdc00 && next <= 0xdfff;
}
