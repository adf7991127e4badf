import type { ParamsFactory } from '@nestjs/core';
import { WeixinParamType } from '../declarations/declarations.constants.js';
import type { WeixinMessageContext } from './weixin-message.context.js';

/** Resolves handler parameters from the arguments a handler is invoked with, `[ctx]`. */
export class WeixinParamsFactory implements ParamsFactory {
  exchangeKeyForValue(type: number, _data: unknown, args: unknown): unknown {
    if (!Array.isArray(args)) return undefined;
    if (type === WeixinParamType.Context) return args[0];
    if (type === WeixinParamType.CommandArgs) {
      return (args[0] as WeixinMessageContext | undefined)?.command?.args;
    }
    return undefined;
  }
}
