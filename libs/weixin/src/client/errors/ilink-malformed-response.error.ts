import type { IlinkErrorCode } from '../../errors/weixin-error-code.js';
import { IlinkClientError, type IlinkErrorContext } from './ilink-client.error.js';

/** Why a response body could not be used. */
export type MalformedResponseReason =
  'empty' | 'invalid-json' | 'not-an-object' | 'missing-field' | 'missing-header' | 'too-large';

/**
 * HTTP 2xx, but the body (or a required header) is not what the endpoint answers.
 * `code`: `ILINK_MALFORMED_RESPONSE`.
 */
export class IlinkMalformedResponseError extends IlinkClientError {
  /** What was wrong with the answer. */
  readonly reason: MalformedResponseReason;

  constructor(
    context: IlinkErrorContext & { reason: MalformedResponseReason; message: string },
    code: IlinkErrorCode = 'ILINK_MALFORMED_RESPONSE',
  ) {
    super(context.message, code, context);
    this.reason = context.reason;
  }
}
