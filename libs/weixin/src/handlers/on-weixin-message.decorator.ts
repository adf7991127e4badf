import 'reflect-metadata';
import type { WeixinMessageFilter } from '../interfaces/weixin-message-filter.interface.js';
import {
  WEIXIN_ARGS_METADATA,
  WEIXIN_MESSAGE_FILTERS_METADATA,
  WeixinParamType,
} from './handlers.constants.js';
import { NOT_AN_INSTANCE_METHOD } from './handlers.messages.js';
import { normalizeMessageFilter } from './message-filter.validator.js';
import { WeixinHandlerError } from './weixin-handler.error.js';

/**
 * Marks a method as a handler of inbound Weixin messages. The method receives one argument, the
 * `WeixinMessageContext`; what it returns is sent as the reply (see `WeixinReply`).
 *
 * Stackable: a method with several decorators receives a message when any of their filters
 * matches. Without a filter it receives every message. Guards, interceptors, pipes and exception
 * filters apply as on controllers, with the context type `'weixin'`.
 *
 * @param filter which messages to receive; checked here, so a mistake fails at class definition
 * @throws WeixinHandlerError on an invalid filter or a static method, naming `Class#method`
 */
export function OnWeixinMessage(filter?: WeixinMessageFilter): MethodDecorator {
  return (target, propertyKey, descriptor) => {
    const isStatic = typeof target === 'function';
    const className = isStatic ? target.name : target.constructor.name;
    const handler = `${className}#${String(propertyKey)}`;
    if (isStatic || typeof descriptor.value !== 'function') {
      throw new WeixinHandlerError(NOT_AN_INSTANCE_METHOD(handler), 'WEIXIN_INVALID_HANDLER');
    }
    const normalized = normalizeMessageFilter(filter, handler);

    const method: object = descriptor.value;
    const filters = (Reflect.getMetadata(WEIXIN_MESSAGE_FILTERS_METADATA, method) ??
      []) as WeixinMessageFilter[];
    Reflect.defineMetadata(WEIXIN_MESSAGE_FILTERS_METADATA, [...filters, normalized], method);

    // The context is parameter 0; declaring it lets pipes apply to it.
    if (!Reflect.hasOwnMetadata(WEIXIN_ARGS_METADATA, target.constructor, propertyKey)) {
      const args = { [`${WeixinParamType.Context}:0`]: { index: 0, data: undefined, pipes: [] } };
      Reflect.defineMetadata(WEIXIN_ARGS_METADATA, args, target.constructor, propertyKey);
    }
    return descriptor;
  };
}
