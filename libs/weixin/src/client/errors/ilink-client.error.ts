import { WeixinError } from '../../errors/weixin.error.js';
import type { IlinkErrorCode } from '../../errors/weixin-error-code.js';
import type { IlinkEndpoint } from '../../protocol/ilink-endpoints.js';

/** Where an iLink error happened and what the server said, as far as known. */
export interface IlinkErrorContext {
  endpoint: IlinkEndpoint;
  /** The account of an authenticated call (its `ilink_bot_id`; not a secret). */
  accountId?: string;
  ret?: number;
  errcode?: number;
  /** The server's `errmsg`, redacted. */
  errmsg?: string;
  cause?: unknown;
}

/** Base class of the errors of `IlinkClient` calls; carries the endpoint and envelope fields. */
export abstract class IlinkClientError extends WeixinError {
  /** What failed, as an `ILINK_*` code. */
  declare readonly code: IlinkErrorCode;
  /** The endpoint that failed. */
  readonly endpoint: IlinkEndpoint;
  /** The account whose call failed (authenticated calls only). */
  readonly accountId?: string;
  /** `ret` of the answer, when one was parsed. */
  readonly ret?: number;
  /** `errcode` of the answer, when one was parsed. */
  readonly errcode?: number;
  /** `errmsg` of the answer (redacted), when one was parsed. */
  readonly errmsg?: string;

  protected constructor(message: string, code: IlinkErrorCode, context: IlinkErrorContext) {
    super(message, code, context.cause === undefined ? undefined : { cause: context.cause });
    this.endpoint = context.endpoint;
    this.accountId = context.accountId;
    this.ret = context.ret;
    this.errcode = context.errcode;
    this.errmsg = context.errmsg;
  }
}
