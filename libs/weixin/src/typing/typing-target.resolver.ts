import type { WeixinMessageContext } from '../handlers/weixin-message.context.js';
import type { WeixinHandlerTyping } from '../interfaces/weixin-message-filter.interface.js';
import type { TypingChannelRegistry } from './typing-channel.registry.js';
import type { TypingStartOptions } from './typing-state.interface.js';
import type { TypingTarget } from './typing-target.interface.js';
import { TypingMessages as M } from './typing.messages.js';
import { WeixinTypingError } from './weixin-typing.error.js';
import type { TypingAddressee } from './weixin-typing-channel.interface.js';

/**
 * The addressee and options of a `TypingService` call made as `(accountId, userId, opts?)` (the
 * account's channel) or as `(target, opts?)`.
 * @throws WeixinTypingError when the target has no user, or neither a channel nor an account
 */
export function resolveTypingCall(
  channels: TypingChannelRegistry,
  a: string | TypingTarget,
  b?: string | TypingStartOptions,
  c?: TypingStartOptions,
): { to: TypingAddressee; opts: TypingStartOptions } {
  if (typeof a === 'string') {
    const channel = channels.forAccount(a).name;
    return { to: { channel, accountId: a, userId: b as string }, opts: c ?? {} };
  }
  if (!a || typeof a.userId !== 'string' || a.userId === '') {
    throw new WeixinTypingError(M.invalidTarget());
  }
  const channel =
    a.channel ?? (a.accountId !== undefined ? channels.forAccount(a.accountId).name : '');
  if (channel === '') throw new WeixinTypingError(M.invalidTarget());
  const accountId = a.accountId ?? channel;
  const to: TypingAddressee = { channel, accountId, userId: a.userId, messageId: a.messageId };
  return { to, opts: (b as TypingStartOptions | undefined) ?? {} };
}

/**
 * A start option in milliseconds, checked (`undefined` when not given).
 * @throws WeixinTypingError when it is not a non-negative integer (or 0 where that is refused)
 */
export function checkMs(
  field: string,
  value: number | undefined,
  zeroAllowed: boolean,
): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || value < 0 || (value === 0 && !zeroAllowed)) {
    throw new WeixinTypingError(M.invalidStartOption(field, value));
  }
  return value;
}

/** The typing target of a handler's `typing` for one message; `undefined` for none. */
export async function handlerTypingTarget(
  ctx: WeixinMessageContext,
  spec: WeixinHandlerTyping,
): Promise<TypingTarget | undefined> {
  if (!spec.to) {
    return spec.channel === undefined
      ? { accountId: ctx.accountId, userId: ctx.from }
      : { channel: spec.channel, accountId: ctx.accountId, userId: ctx.from };
  }
  const to = await spec.to(ctx);
  if (!to) return undefined;
  const target: TypingTarget = { userId: to.userId };
  if (spec.channel !== undefined) target.channel = spec.channel;
  if (to.messageId !== undefined) target.messageId = to.messageId;
  return target;
}
