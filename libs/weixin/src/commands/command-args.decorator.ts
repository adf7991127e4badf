import 'reflect-metadata';
import type { PipeTransform } from '@nestjs/common';
import { WEIXIN_ARGS_METADATA, WeixinParamType } from '../declarations/declarations.constants.js';

/**
 * Injects the parsed arguments of the command (`ctx.command.args`) into a parameter of an
 * `@OnWeixinCommand` handler; `undefined` in other handlers. The message context stays the
 * first parameter unless another parameter takes index 0. Pipe instances given here apply to
 * the arguments object (e.g. `new ValidationPipe()` with a DTO-typed parameter).
 *
 * ```ts
 * @OnWeixinCommand('order', { args: ORDER_ARGS })
 * order(ctx: WeixinMessageContext, @CommandArgs() args: InferWeixinCommandArgs<typeof ORDER_ARGS>)
 * ```
 */
export function CommandArgs(...pipes: PipeTransform[]): ParameterDecorator {
  return (target, propertyKey, index) => {
    if (propertyKey === undefined) return;
    const args = (Reflect.getOwnMetadata(WEIXIN_ARGS_METADATA, target.constructor, propertyKey) ??
      {}) as Record<string, unknown>;
    Reflect.defineMetadata(
      WEIXIN_ARGS_METADATA,
      { ...args, [`${WeixinParamType.CommandArgs}:${index}`]: { index, data: undefined, pipes } },
      target.constructor,
      propertyKey,
    );
  };
}
