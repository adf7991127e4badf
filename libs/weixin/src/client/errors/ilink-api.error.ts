import type { IlinkErrorCode } from '../../errors/weixin-error-code.js';
import { IlinkClientError, type IlinkErrorContext } from './ilink-client.error.js';
import { IlinkClientMessages } from './ilink-client.messages.js';

/**
 * The server answered HTTP 200 with a non-zero `ret` or `errcode` (protocol §5.1). The subclasses
 * `IlinkSessionExpiredError` (−14) and `IlinkRejectedError` (−2) mark the two codes with their own
 * handling. `code`: `ILINK_API`.
 */
export class IlinkApiError extends IlinkClientError {
  constructor(context: IlinkErrorContext, message?: string, code: IlinkErrorCode = 'ILINK_API') {
    const { ret, errcode, errmsg } = context;
    super(message ?? IlinkClientMessages.apiError(context, ret, errcode, errmsg), code, context);
  }
}
