import type {
  WeixinHandlerTyping,
  WeixinItemKind,
  WeixinMessageFilter,
} from '../interfaces/weixin-message-filter.interface.js';
import { WEIXIN_ITEM_KINDS } from './declarations.constants.js';
import {
  EMPTY_FILTER_LIST,
  INVALID_FILTER,
  INVALID_FILTER_FIELD,
  UNKNOWN_FILTER_FIELD,
  UNKNOWN_ITEM_KIND,
} from './declarations.messages.js';
import { WeixinHandlerError } from '../errors/weixin-handler.error.js';
import { isPlainObject } from '../utils/is-plain-object.js';

const FILTER_FIELDS: readonly (keyof WeixinMessageFilter)[] = [
  'account',
  'from',
  'kind',
  'text',
  'group',
  'typing',
];

function invalid(message: string): WeixinHandlerError {
  return new WeixinHandlerError(message, 'WEIXIN_INVALID_HANDLER');
}

function withoutStatefulFlags(pattern: RegExp): RegExp {
  return pattern.global || pattern.sticky
    ? new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, ''))
    : pattern;
}

function stringList(
  handler: string,
  field: string,
  value: unknown,
  expected: string,
  decorator: string,
): string[] {
  const list: unknown[] = Array.isArray(value) ? value : [value];
  if (list.length === 0) throw invalid(EMPTY_FILTER_LIST(handler, field, decorator));
  for (const entry of list) {
    if (typeof entry !== 'string') {
      throw invalid(INVALID_FILTER_FIELD(handler, field, expected, value, decorator));
    }
  }
  return list as string[];
}

/**
 * Checks an `@OnWeixinMessage` filter and returns it in a normal form: lists for `account`,
 * `from` (unless a RegExp), `kind` and `group` (unless a boolean); RegExps without the `g`/`y` flags; no unset fields.
 *
 * @param filter the decorator argument (`undefined` is the empty filter)
 * @param handler `Class#method`, named in the errors
 * @param decorator the decorator named in the errors
 * @throws WeixinHandlerError naming the handler, the field and what is accepted
 */
export function normalizeMessageFilter(
  filter: unknown,
  handler: string,
  decorator = '@OnWeixinMessage',
): WeixinMessageFilter {
  if (filter === undefined) return {};
  if (!isPlainObject(filter)) throw invalid(INVALID_FILTER(handler, filter, decorator));

  for (const field of Object.keys(filter)) {
    if (!(FILTER_FIELDS as readonly string[]).includes(field)) {
      throw invalid(UNKNOWN_FILTER_FIELD(handler, field, FILTER_FIELDS, decorator));
    }
  }

  const normalized: WeixinMessageFilter = {};
  const { account, from, kind, text, group, typing } = filter;

  if (account !== undefined) {
    normalized.account = stringList(handler, 'account', account, 'a string or string[]', decorator);
  }
  if (from !== undefined) {
    normalized.from =
      from instanceof RegExp
        ? withoutStatefulFlags(from)
        : stringList(handler, 'from', from, 'a string, string[] or RegExp', decorator);
  }
  if (kind !== undefined) {
    const kinds: unknown[] = Array.isArray(kind) ? kind : [kind];
    if (kinds.length === 0) throw invalid(EMPTY_FILTER_LIST(handler, 'kind', decorator));
    for (const entry of kinds) {
      if (!(WEIXIN_ITEM_KINDS as readonly unknown[]).includes(entry)) {
        throw invalid(UNKNOWN_ITEM_KIND(handler, entry, WEIXIN_ITEM_KINDS, decorator));
      }
    }
    normalized.kind = kinds as WeixinItemKind[];
  }
  if (text !== undefined) {
    if (typeof text !== 'string' && !(text instanceof RegExp)) {
      throw invalid(INVALID_FILTER_FIELD(handler, 'text', 'a string or RegExp', text, decorator));
    }
    normalized.text = typeof text === 'string' ? text.trim() : withoutStatefulFlags(text);
  }
  if (group !== undefined) {
    normalized.group =
      typeof group === 'boolean'
        ? group
        : stringList(handler, 'group', group, 'a boolean, string or string[]', decorator);
  }
  if (typing !== undefined) normalized.typing = handlerTyping(handler, typing, decorator);
  return normalized;
}

const TYPING_EXPECTED = 'a boolean or { channel?: string, to?: (ctx) => { userId, messageId? } }';

/** `typing` as given: a boolean, or a channel with the function that finds the addressee. */
function handlerTyping(
  handler: string,
  typing: unknown,
  decorator: string,
): boolean | WeixinHandlerTyping {
  if (typeof typing === 'boolean') return typing;
  const bad = () =>
    invalid(INVALID_FILTER_FIELD(handler, 'typing', TYPING_EXPECTED, typing, decorator));
  if (!isPlainObject(typing)) throw bad();
  const { channel, to, ...rest } = typing as Record<string, unknown>;
  if (Object.keys(rest).length > 0) throw bad();
  if (channel !== undefined && (typeof channel !== 'string' || channel.trim() === '')) throw bad();
  if (to !== undefined && typeof to !== 'function') throw bad();
  if (to === undefined && channel !== undefined && channel !== 'ilink') {
    throw invalid(
      INVALID_FILTER_FIELD(
        handler,
        'typing',
        `a "to" function with channel "${channel}"`,
        typing,
        decorator,
      ),
    );
  }
  const out: WeixinHandlerTyping = {};
  if (channel !== undefined) out.channel = channel as string;
  if (to !== undefined) out.to = to as WeixinHandlerTyping['to'];
  return out;
}
