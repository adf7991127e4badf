import { restoreUint64Ids } from './uint64-id.restorer.js';
import { UINT64_ID_KEYS } from './uint64-id.keys.js';

export { UINT64_ID_KEYS };

/** The common tail of the three key names plus the key's closing quote. */
const KEY_TAIL = '_id"';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const MINUS = 0x2d;
const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;
const DOT = 0x2e;
const LOWER_E = 0x65;
const UPPER_E = 0x45;
const LOWER_G = 0x67;
const LOWER_R = 0x72;

function isJsonWhitespace(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09;
}

/**
 * Whether `text` holds `"<name>` ending at `end` (exclusive) and that opening quote is not escaped.
 * In valid JSON an unescaped quote followed by `name"` and `:` can only open an object key: were it
 * closing a string, `name` would be a bare token and the text would not be JSON. An escaped quote
 * means the match sits inside a string value.
 */
function isKeyNameAt(text: string, end: number, name: string): boolean {
  const start = end - name.length;
  const quoteAt = start - 1;
  if (quoteAt < 0 || text.charCodeAt(quoteAt) !== QUOTE) return false;
  for (let i = 0; i < name.length; i++) {
    if (text.charCodeAt(start + i) !== name.charCodeAt(i)) return false;
  }
  let backslashes = 0;
  for (let i = quoteAt - 1; i >= 0 && text.charCodeAt(i) === BACKSLASH; i--) backslashes++;
  return (backslashes & 1) === 0;
}

/** Whether the `_id"` found at `at` ends one of the {@link UINT64_ID_KEYS} object keys. */
function isIdKeyAt(text: string, at: number): boolean {
  const nameEnd = at + 3;
  switch (text.charCodeAt(at - 1)) {
    case LOWER_E:
      return isKeyNameAt(text, nameEnd, 'message_id');
    case LOWER_G:
      return isKeyNameAt(text, nameEnd, 'msg_id');
    case LOWER_R:
      return isKeyNameAt(text, nameEnd, 'svr_id');
    default:
      return false;
  }
}

/**
 * Calls `visit` with the span of every number value of a {@link UINT64_ID_KEYS} object key, in
 * document order, and whether it is an integer (no fraction, no exponent). Only object keys
 * count; the same names inside string values are passed over.
 */
function visitIdNumbers(
  text: string,
  visit: (start: number, end: number, integer: boolean) => void,
): void {
  const length = text.length;
  let at = text.indexOf(KEY_TAIL);
  while (at !== -1) {
    let next = at + KEY_TAIL.length;
    if (isIdKeyAt(text, at)) {
      let i = next;
      while (i < length && isJsonWhitespace(text.charCodeAt(i))) i++;
      if (text.charCodeAt(i) === COLON) {
        i++;
        while (i < length && isJsonWhitespace(text.charCodeAt(i))) i++;
        const start = i;
        if (text.charCodeAt(i) === MINUS) i++;
        const firstDigit = i;
        let code = text.charCodeAt(i);
        while (code >= DIGIT_0 && code <= DIGIT_9) code = text.charCodeAt(++i);
        if (i > firstDigit) visit(start, i, code !== DOT && code !== LOWER_E && code !== UPPER_E);
        next = i;
      }
    }
    at = text.indexOf(KEY_TAIL, next);
  }
}

/**
 * Rewrites JSON text so the integer values of the keys in {@link UINT64_ID_KEYS} become string
 * literals. Only object keys count; the same names inside string values are left alone. Values
 * that are already strings, fractions, exponents or anything else are not touched. Text that is
 * not JSON comes out with at most some integers quoted, and stays invalid.
 */
export function quoteUint64Ids(text: string): string {
  let out = '';
  let copiedUpTo = 0;
  visitIdNumbers(text, (start, end, integer) => {
    if (!integer) return;
    out += text.slice(copiedUpTo, start) + '"' + text.slice(start, end) + '"';
    copiedUpTo = end;
  });
  return copiedUpTo === 0 ? text : out + text.slice(copiedUpTo);
}

/**
 * Parses an iLink JSON body losslessly: `message_id`, `msg_id` and `svr_id` come out as exact
 * decimal strings even above 2^53 (protocol §5.2). Everything else parses as `JSON.parse` would.
 *
 * The text is parsed as it is; the ids' digits, read from the text in document order, then
 * replace the rounded numbers in the parsed value (`restoreUint64Ids`). Where the parsed value's
 * order can differ from the text's (integer-like keys, duplicate keys), or it is nested deeper
 * than the walk's call stack allows, the text is parsed again
 * with its ids quoted (`quoteUint64Ids`), which is exact whatever the order but builds a second
 * copy of the text.
 *
 * @throws SyntaxError when the text is not JSON.
 */
export function parseIlinkJson(text: string): unknown {
  const ids: (string | null)[] = [];
  visitIdNumbers(text, (start, end, integer) => ids.push(integer ? text.slice(start, end) : null));
  const value = JSON.parse(text) as unknown;
  if (ids.length === 0 || restoreUint64Ids(value, ids)) return value;
  return JSON.parse(quoteUint64Ids(text)) as unknown;
}

/**
 * Writes the uint64 ids of a request (`svr_id` of an outbound quote; `message_id`, `msg_id`) that
 * `JSON.stringify` wrote as decimal strings as bare integers, the way the server writes them. Only
 * object keys match: inside a string value the quotes are escaped (`\\"`), so text is untouched.
 */
export function unquoteUint64Ids(json: string): string {
  return json.replace(/([{,])"(message_id|msg_id|svr_id)":"(0|[1-9][0-9]{0,19})"/g, '$1"$2":$3');
}
