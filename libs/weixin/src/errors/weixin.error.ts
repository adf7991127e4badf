import type { WeixinErrorCode } from './weixin-error-code.js';

/**
 * Base class of every error the library throws. Catch it to handle all of them; check the
 * subclasses (or `code`) to tell them apart.
 */
export class WeixinError extends Error {
  /** Stable machine-readable code of the error kind, e.g. `ILINK_SESSION_EXPIRED`. */
  readonly code: WeixinErrorCode;

  /**
   * @param message Human-readable text naming the culprit and the fix; never holds secrets.
   * @param code Stable machine-readable code.
   * @param options `cause`: the underlying error.
   */
  constructor(message: string, code: WeixinErrorCode, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}
