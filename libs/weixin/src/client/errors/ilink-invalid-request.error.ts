import { WeixinError } from '../../errors/weixin.error.js';

/**
 * A call's arguments cannot form a valid request; thrown before any I/O.
 * `code`: `ILINK_INVALID_REQUEST`.
 */
export class IlinkInvalidRequestError extends WeixinError {
  constructor(message: string, cause?: unknown) {
    super(message, 'ILINK_INVALID_REQUEST', cause === undefined ? undefined : { cause });
  }
}
