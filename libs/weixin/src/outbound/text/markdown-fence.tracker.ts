/** An open Markdown code fence: its marker (e.g. ```` ``` ````) and the whole opening line. */
export interface OpenFence {
  /** The backtick or tilde run, at least three long. */
  marker: string;
  /** The opening line as written, with its info string (e.g. ```` ```ts ````). */
  line: string;
}

const FENCE = /^ {0,3}(`{3,}|~{3,})(.*)$/;

/**
 * The fence state after `line`, given the state before it: a fence line opens a block when none is
 * open (a backtick fence's info string may not hold backticks) and closes the open one when it has
 * the same character, at least the same length and nothing after it but spaces.
 */
export function nextFenceState(open: OpenFence | null, line: string): OpenFence | null {
  const m = FENCE.exec(line);
  if (!m) return open;
  const marker = m[1]!;
  const rest = m[2]!;
  if (open) {
    const closes =
      marker[0] === open.marker[0] && marker.length >= open.marker.length && rest.trim() === '';
    return closes ? null : open;
  }
  if (marker[0] === '`' && rest.includes('`')) return null;
  return { marker, line: line.trimStart() };
}

/** The fence state at the end of `text`, starting from `open`. */
export function fenceStateAfter(text: string, open: OpenFence | null): OpenFence | null {
  let state = open;
  for (const line of text.split('\n')) state = nextFenceState(state, line);
  return state;
}

/** The longest fence marker in `text` (0 without fences). */
export function longestFenceMarker(text: string): number {
  let longest = 0;
  for (const line of text.split('\n')) {
    const m = FENCE.exec(line);
    if (m && m[1]!.length > longest) longest = m[1]!.length;
  }
  return longest;
}
