import 'reflect-metadata';
import { WEIXIN_ARGS_METADATA, WeixinParamType } from './declarations.constants.js';
import { NOT_AN_INSTANCE_METHOD } from './declarations.messages.js';
import { WeixinHandlerError } from '../errors/weixin-handler.error.js';

/**
 * Checks that a handler decorator sits on an instance method and declares the method's parameter
 * 0 as the message context (so pipes apply to it). Answers `Class#method`.
 *
 * @throws WeixinHandlerError on a static method or a non-method, naming `Class#method`
 */
export function declareHandlerMethod(
  target: object,
  propertyKey: string | symbol,
  descriptor: PropertyDescriptor,
  decorator: string,
): string {
  const isStatic = typeof target === 'function';
  const className = isStatic ? target.name : target.constructor.name;
  const handler = `${className}#${String(propertyKey)}`;
  if (isStatic || typeof descriptor.value !== 'function') {
    throw new WeixinHandlerError(
      NOT_AN_INSTANCE_METHOD(handler, decorator),
      'WEIXIN_INVALID_HANDLER',
    );
  }
  // Parameter decorators (`@CommandArgs()`) ran first; the context takes index 0 unless one did.
  const args = (Reflect.getOwnMetadata(WEIXIN_ARGS_METADATA, target.constructor, propertyKey) ??
    {}) as Record<string, { index: number }>;
  if (!Object.values(args).some((arg) => arg.index === 0)) {
    const context = { index: 0, data: undefined, pipes: [] };
    Reflect.defineMetadata(
      WEIXIN_ARGS_METADATA,
      { ...args, [`${WeixinParamType.Context}:0`]: context },
      target.constructor,
      propertyKey,
    );
  }
  return handler;
}
