import type { ArgumentsHost } from '@nestjs/common';
import { WEIXIN_CONTEXT_TYPE, type WeixinContextType } from './handlers.constants.js';
import { NOT_A_WEIXIN_CONTEXT } from './handlers.messages.js';
import { WeixinHandlerError } from '../errors/weixin-handler.error.js';
import type { WeixinMessageContext } from './weixin-message.context.js';

/**
 * Reads a Weixin handler call from the `ExecutionContext` of a guard or interceptor, or the
 * `ArgumentsHost` of an exception filter.
 *
 * @example
 * const message = WeixinExecutionContext.create(context).getMessage();
 */
export class WeixinExecutionContext {
  private constructor(private readonly host: ArgumentsHost) {}

  /** Whether the host is a Weixin handler call (`host.getType() === 'weixin'`). */
  static isWeixin(host: ArgumentsHost): boolean {
    return host.getType<WeixinContextType>() === WEIXIN_CONTEXT_TYPE;
  }

  /**
   * Wraps the host of a Weixin handler call.
   * @throws WeixinHandlerError when the host is of another type (HTTP, RPC, …)
   */
  static create(host: ArgumentsHost): WeixinExecutionContext {
    if (!WeixinExecutionContext.isWeixin(host)) {
      throw new WeixinHandlerError(
        NOT_A_WEIXIN_CONTEXT(host.getType<string>()),
        'WEIXIN_INVALID_ARGUMENT',
      );
    }
    return new WeixinExecutionContext(host);
  }

  /** The message the handler is called with. */
  getMessage(): WeixinMessageContext {
    return this.host.getArgByIndex<WeixinMessageContext>(0);
  }
}
