import type { ParamsFactory } from '@nestjs/core';
import { WeixinParamType } from './handlers.constants.js';

/** Resolves handler parameters from the arguments a handler is invoked with, `[ctx]`. */
export class WeixinParamsFactory implements ParamsFactory {
  exchangeKeyForValue(type: number, _data: unknown, args: unknown): unknown {
    if (!Array.isArray(args)) return undefined;
    return type === WeixinParamType.Context ? args[0] : undefined;
  }
}
