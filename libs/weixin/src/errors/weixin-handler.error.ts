import { WeixinError } from './weixin.error.js';

/** The `code` of a `WeixinHandlerError`. */
export type WeixinHandlerErrorCode =
  /** An `@OnWeixinMessage` declaration is invalid (filter, static method). */
  | 'WEIXIN_INVALID_HANDLER'
  /** A handler returned something that is not a reply. */
  | 'WEIXIN_INVALID_REPLY'
  /** A handler helper got an argument it cannot use. */
  | 'WEIXIN_INVALID_ARGUMENT';

/**
 * Thrown when a Weixin handler is declared wrongly, returns something that is not a reply, or
 * when a handler helper is misused. The message names the culprit and the accepted values.
 */
export class WeixinHandlerError extends WeixinError {
  constructor(
    message: string,
    /** What went wrong, as a stable machine-readable name. */
    override readonly code: WeixinHandlerErrorCode,
  ) {
    super(message, code);
  }
}
