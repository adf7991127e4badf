import { WeixinError } from '../../errors/weixin.error.js';
import type { CustomerServiceTypingErrorCode } from '../../errors/weixin-error-code.js';

/** Why a customer-service typing call failed. */
export type CustomerServiceTypingErrorKind =
  /** `45072`: the `command` value is wrong. */
  | 'bad-command'
  /** `45080` (or known before any request): no message from the user in the last 30 s. */
  | 'no-interaction'
  /** `45081`: a `Typing` status is still shown (it lasts 15 s). */
  | 'already-typing'
  /** `40001`: the access token is invalid or was superseded (after one refresh). */
  | 'invalid-token'
  /** `42001`: the access token expired (after one refresh). */
  | 'expired-token'
  /** `40014`: the access token is not valid (after one refresh). */
  | 'bad-token'
  /** `-1`: system busy; retry later. */
  | 'busy'
  /** `45015`/`45047`: out of the customer-service window (48 h after the user's last message). */
  | 'out-of-window'
  /** The token endpoint refused the app's credentials (`40013`, `40125`, `40164`, …). */
  | 'token-fetch'
  /** Another errcode, or an answer that is not WeChat JSON. */
  | 'other';

const CODES: Record<CustomerServiceTypingErrorKind, CustomerServiceTypingErrorCode> = {
  'bad-command': 'WECHAT_CS_BAD_COMMAND',
  'no-interaction': 'WECHAT_CS_NO_INTERACTION',
  'already-typing': 'WECHAT_CS_ALREADY_TYPING',
  'invalid-token': 'WECHAT_CS_INVALID_TOKEN',
  'expired-token': 'WECHAT_CS_EXPIRED_TOKEN',
  'bad-token': 'WECHAT_CS_BAD_TOKEN',
  busy: 'WECHAT_CS_BUSY',
  'out-of-window': 'WECHAT_CS_OUT_OF_WINDOW',
  'token-fetch': 'WECHAT_CS_TOKEN_FETCH',
  other: 'WECHAT_CS_OTHER',
};

/** A WeChat customer-service typing call was refused (or could not be made). `code`: `WECHAT_CS_*`. */
export class CustomerServiceTypingError extends WeixinError {
  /** Why the call failed, as a `WECHAT_CS_*` code. */
  declare readonly code: CustomerServiceTypingErrorCode;

  /**
   * @param kind why it failed
   * @param message WeChat's `errmsg` (or the rule) and what to do
   * @param errcode WeChat's `errcode`, when it answered one
   * @param retryable whether trying again later may succeed (`-1`)
   */
  constructor(
    readonly kind: CustomerServiceTypingErrorKind,
    message: string,
    readonly errcode?: number,
    readonly retryable = kind === 'busy',
  ) {
    super(message, CODES[kind]);
  }
}

/** The kind of a typing `errcode` other than 0. */
export function customerServiceKindOf(errcode: number): CustomerServiceTypingErrorKind {
  switch (errcode) {
    case 45072:
      return 'bad-command';
    case 45080:
      return 'no-interaction';
    case 45081:
      return 'already-typing';
    case 40001:
      return 'invalid-token';
    case 42001:
      return 'expired-token';
    case 40014:
      return 'bad-token';
    case -1:
      return 'busy';
    case 45015:
    case 45047:
      return 'out-of-window';
    default:
      return 'other';
  }
}

/** Whether an errcode says the access token must be replaced. */
export function isTokenRejection(errcode: number): boolean {
  return errcode === 40001 || errcode === 42001 || errcode === 40014;
}
