import { Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { WeixinMessageFilter } from '../interfaces/weixin-message-filter.interface.js';
import { WEIXIN_MESSAGE_FILTERS_METADATA } from './handlers.constants.js';

/** Reads the metadata of the handler decorators. */
@Injectable()
export class WeixinMetadataAccessor {
  constructor(@Inject(Reflector) private readonly reflector: Reflector) {}

  /** The normalised filters of `@OnWeixinMessage` on a method, or `undefined` if it has none. */
  getMessageFilters(target: (...args: never[]) => unknown): WeixinMessageFilter[] | undefined {
    return this.reflector.get<WeixinMessageFilter[] | undefined>(
      WEIXIN_MESSAGE_FILTERS_METADATA,
      target,
    );
  }
}
