import { WeixinError } from '../../errors/weixin.error.js';
import type { NxcloudTypingErrorCode } from '../../errors/weixin-error-code.js';

/** Why an NXCloud typing call failed. */
export type NxcloudTypingErrorKind =
  /** `-1`: system failure. */
  | 'system'
  /** `1000`–`100X`: authentication (wrong key or secret, signature, `ts` drift). */
  | 'auth'
  /** `9000`: a parameter (or fixed value) is invalid. */
  | 'parameter'
  /** `9001`: system business error. */
  | 'business'
  /** `9002`: the business phone is not a valid WhatsApp business number. */
  | 'invalid-phone'
  /** `10003`: the number is not bound to the app. */
  | 'not-bound'
  /** `code 0` + `data.error`: the `message_id` is unknown. */
  | 'unknown-message'
  /** `code 0` + `data.error`: the `message_id` is of an outgoing message. */
  | 'outgoing-message'
  /** `code 0` + another `data.error`, or an unknown code. */
  | 'downstream'
  /** No `messageId` was given: NXCloud needs the user's incoming message. */
  | 'missing-message-id'
  /** The answer was not NXCloud JSON (HTTP status, network). */
  | 'transport';

const CODES: Record<NxcloudTypingErrorKind, NxcloudTypingErrorCode> = {
  system: 'NXCLOUD_SYSTEM',
  auth: 'NXCLOUD_AUTH',
  parameter: 'NXCLOUD_PARAMETER',
  business: 'NXCLOUD_BUSINESS',
  'invalid-phone': 'NXCLOUD_INVALID_PHONE',
  'not-bound': 'NXCLOUD_NOT_BOUND',
  'unknown-message': 'NXCLOUD_UNKNOWN_MESSAGE',
  'outgoing-message': 'NXCLOUD_OUTGOING_MESSAGE',
  downstream: 'NXCLOUD_DOWNSTREAM',
  'missing-message-id': 'NXCLOUD_MISSING_MESSAGE_ID',
  transport: 'NXCLOUD_TRANSPORT',
};

/** An NXCloud typing call was refused (or could not be made). `code`: `NXCLOUD_*`. */
export class NxcloudTypingError extends WeixinError {
  /** Why the call failed, as an `NXCLOUD_*` code. */
  declare readonly code: NxcloudTypingErrorCode;

  /**
   * @param kind why it failed
   * @param message NXCloud's text and what to do
   * @param platformCode NXCloud's top-level `code` (or `data.error.code`), when answered
   */
  constructor(
    readonly kind: NxcloudTypingErrorKind,
    message: string,
    readonly platformCode?: number,
  ) {
    super(message, CODES[kind]);
  }
}

/** The kind of a top-level NXCloud `code` other than 0. */
export function nxcloudKindOf(code: number): NxcloudTypingErrorKind {
  if (code === -1) return 'system';
  if (code >= 1000 && code <= 1009) return 'auth';
  if (code === 9000) return 'parameter';
  if (code === 9001) return 'business';
  if (code === 9002) return 'invalid-phone';
  if (code === 10003) return 'not-bound';
  return 'downstream';
}
