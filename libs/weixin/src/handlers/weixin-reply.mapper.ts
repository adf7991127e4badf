import type { WeixinReply } from '../interfaces/weixin-reply.interface.js';
import { INVALID_RETURN_VALUE, INVALID_RETURN_VALUE_ITEM } from './handlers.messages.js';
import { WeixinHandlerError } from './weixin-handler.error.js';

function isReply(value: unknown): value is WeixinReply {
  if (typeof value === 'string') return true;
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    typeof (value as { text?: unknown }).text === 'string'
  );
}

/**
 * The replies a handler's return value stands for: `undefined`/`null` → none, a string or
 * `{ text }` → that one, an array → each element in order.
 *
 * @throws WeixinHandlerError for any other value, naming the accepted shapes
 */
export function replyFromReturnValue(value: unknown): WeixinReply[] {
  if (value === undefined || value === null) return [];
  if (isReply(value)) return [value];
  if (!Array.isArray(value))
    throw new WeixinHandlerError(INVALID_RETURN_VALUE(value), 'WEIXIN_INVALID_REPLY');
  return value.map((element: unknown, index) => {
    if (!isReply(element))
      throw new WeixinHandlerError(
        INVALID_RETURN_VALUE_ITEM(index, element),
        'WEIXIN_INVALID_REPLY',
      );
    return element;
  });
}
