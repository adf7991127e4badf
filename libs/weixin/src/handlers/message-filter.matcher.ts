import type { WeixinMessageFilter } from '../interfaces/weixin-message-filter.interface.js';
import type { WeixinMessageContext } from './weixin-message.context.js';

/** The parts of a message that filters look at. */
export type FilterableMessage = Pick<
  WeixinMessageContext,
  'accountId' | 'from' | 'kinds' | 'text' | 'groupId'
>;

function matchesValue(expected: string | string[] | RegExp, actual: string): boolean {
  if (typeof expected === 'string') return expected === actual;
  if (Array.isArray(expected)) return expected.includes(actual);
  expected.lastIndex = 0;
  return expected.test(actual);
}

/** Whether a message matches one filter: every field that is set matches. */
export function matchesMessageFilter(
  filter: WeixinMessageFilter,
  message: FilterableMessage,
): boolean {
  if (filter.account !== undefined && !matchesValue(filter.account, message.accountId)) {
    return false;
  }
  if (filter.from !== undefined && !matchesValue(filter.from, message.from)) return false;
  if (filter.kind !== undefined) {
    const kinds = Array.isArray(filter.kind) ? filter.kind : [filter.kind];
    if (!kinds.some((kind) => message.kinds.includes(kind))) return false;
  }
  if (filter.group !== undefined) {
    const { groupId } = message;
    if (typeof filter.group === 'boolean') {
      if (filter.group !== (groupId !== undefined)) return false;
    } else if (groupId === undefined || !matchesValue(filter.group, groupId)) {
      return false;
    }
  }
  if (filter.text !== undefined) {
    const matched =
      typeof filter.text === 'string'
        ? filter.text.trim() === message.text.trim()
        : matchesValue(filter.text, message.text);
    if (!matched) return false;
  }
  return true;
}

/** Whether a message matches at least one filter; an empty list matches every message. */
export function matchesAnyMessageFilter(
  filters: readonly WeixinMessageFilter[],
  message: FilterableMessage,
): boolean {
  return filters.length === 0 || filters.some((filter) => matchesMessageFilter(filter, message));
}
