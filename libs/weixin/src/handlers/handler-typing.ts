import type {
  WeixinHandlerTyping,
  WeixinMessageFilter,
} from '../interfaces/weixin-message-filter.interface.js';

/** The typing the first filter that asks for it wants (`true` is `{}`: the sender on iLink). */
export function handlerTyping(
  filters: readonly WeixinMessageFilter[],
): WeixinHandlerTyping | undefined {
  const asked = filters.find((filter) => filter.typing !== undefined && filter.typing !== false);
  if (!asked) return undefined;
  return asked.typing === true ? {} : (asked.typing as WeixinHandlerTyping);
}
