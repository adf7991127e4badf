import { CommandsMessages as M } from './commands.messages.js';
import type { CommandArgSpec } from './command-spec.interface.js';

/** Parsed arguments, or why the user's words do not fit the declaration. */
export type CommandArgsResult =
  | { readonly ok: true; readonly args: Record<string, string | number | boolean> }
  | { readonly ok: false; readonly reason: string };

const QUOTES: Readonly<Record<string, string>> = { '"': '"', '\u201c': '\u201d', "'": "'" };
const TRUE_WORDS = ['true', 'yes', 'y', 'on', '1'];
const FALSE_WORDS = ['false', 'no', 'n', 'off', '0'];

interface Word {
  readonly text: string;
  /** Where the word starts in the argument text (its opening quote, if quoted). */
  readonly start: number;
}

/** Splits on white space; a word in quotes ("…", “…” or '…') keeps its spaces. */
function splitWords(text: string): Word[] | undefined {
  const words: Word[] = [];
  let i = 0;
  while (i < text.length) {
    while (i < text.length && /\s/.test(text[i]!)) i++;
    if (i >= text.length) break;
    const start = i;
    const close = QUOTES[text[i]!];
    if (close !== undefined) {
      const end = text.indexOf(close, i + 1);
      if (end === -1) return undefined;
      words.push({ text: text.slice(i + 1, end), start });
      i = end + 1;
      continue;
    }
    while (i < text.length && !/\s/.test(text[i]!)) i++;
    words.push({ text: text.slice(start, i), start });
  }
  return words;
}

function convert(arg: CommandArgSpec, word: string): string | number | boolean | { error: string } {
  switch (arg.type) {
    case 'integer': {
      if (!/^[+-]?\d{1,15}$/.test(word)) return { error: M.notInteger(arg.name, word) };
      return Number(word);
    }
    case 'number': {
      const value = Number(word);
      if (!/^[+-]?(\d+\.?\d*|\.\d+)$/.test(word) || !Number.isFinite(value)) {
        return { error: M.notNumber(arg.name, word) };
      }
      return value;
    }
    case 'boolean': {
      const lower = word.toLowerCase();
      if (TRUE_WORDS.includes(lower)) return true;
      if (FALSE_WORDS.includes(lower)) return false;
      return { error: M.notBoolean(arg.name, word) };
    }
    default:
      return word;
  }
}

/**
 * Parses the text after a command's name against its declared arguments: one word per
 * argument in order (quotes keep spaces), a `rest` argument takes the remaining text verbatim.
 * Refuses missing required arguments, extra words and words of the wrong type.
 */
export function parseCommandArgs(
  specs: readonly CommandArgSpec[],
  argText: string,
): CommandArgsResult {
  const words = splitWords(argText);
  if (!words) return { ok: false, reason: M.unclosedQuote() };
  const args: Record<string, string | number | boolean> = {};
  for (const [i, spec] of specs.entries()) {
    const word = words[i];
    if (word === undefined) {
      if (spec.optional) break;
      return { ok: false, reason: M.missingArg(spec.name) };
    }
    if (spec.rest) {
      args[spec.name] = argText.slice(word.start).trim();
      return { ok: true, args };
    }
    const value = convert(spec, word.text);
    if (typeof value === 'object') return { ok: false, reason: value.error };
    args[spec.name] = value;
  }
  const extra = words[specs.length];
  if (extra !== undefined) return { ok: false, reason: M.tooManyArgs(extra.text) };
  return { ok: true, args };
}
