import 'reflect-metadata';
import type { WeixinMessageFilter } from '../interfaces/weixin-message-filter.interface.js';
import { WEIXIN_MESSAGE_FILTERS_METADATA } from '../declarations/declarations.constants.js';
import { declareHandlerMethod } from '../declarations/handler-method.declaration.js';
import { normalizeMessageFilter } from '../declarations/message-filter.validator.js';

/**
 * Marks a method as a handler of inbound Weixin messages. The method receives one argument, the
 * `WeixinMessageContext`; what it returns is sent as the reply (see `WeixinReply`).
 *
 * Stackable: a method with several decorators receives a message when any of their filters
 * matches. Without a filter it receives every message. Guards, interceptors, pipes and exception
 * filters apply as on controllers, with the context type `'weixin'`.
 *
 * A message that invokes a registered `@OnWeixinCommand`, or that answers a step of an active
 * wizard, does not reach these handlers (see `@OnWeixinCommand` for the order).
 *
 * @param filter which messages to receive; checked here, so a mistake fails at class definition
 * @throws WeixinHandlerError on an invalid filter or a static method, naming `Class#method`
 */
export function OnWeixinMessage(filter?: WeixinMessageFilter): MethodDecorator {
  return (target, propertyKey, descriptor) => {
    const handler = declareHandlerMethod(target, propertyKey, descriptor, '@OnWeixinMessage');
    const normalized = normalizeMessageFilter(filter, handler);
    const method = descriptor.value as object;
    const filters = (Reflect.getMetadata(WEIXIN_MESSAGE_FILTERS_METADATA, method) ??
      []) as WeixinMessageFilter[];
    Reflect.defineMetadata(WEIXIN_MESSAGE_FILTERS_METADATA, [...filters, normalized], method);
    return descriptor;
  };
}
