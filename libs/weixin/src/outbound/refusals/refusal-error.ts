import type { DeliveryRecord } from '../../interfaces/outbound.types.js';
import { WeixinBreakerOpenError } from './weixin-breaker-open.error.js';
import { WeixinEmptyRefusalError } from './weixin-empty-refusal.error.js';
import { WeixinInvalidArgumentsError } from './weixin-invalid-arguments.error.js';
import { WeixinPrepareFailedError } from './weixin-prepare-failed.error.js';
import { WeixinRateLimitedError } from './weixin-rate-limited.error.js';
import { WeixinServerRefusedError } from './weixin-server-refused.error.js';
import { WeixinSessionExpiredError } from './weixin-session-expired.error.js';
import { WeixinVoiceRefusedError } from './weixin-voice-refused.error.js';

/**
 * The typed error of the first record of a send that the server refused (it carries the server's
 * `ret`), or `WeixinBreakerOpenError` when the breaker held the send back; `undefined` otherwise.
 * `breakerUntil` is when the account's breaker closes, when it is open.
 */
export function refusalError(
  records: DeliveryRecord[],
  breakerUntil?: Date,
): WeixinServerRefusedError | WeixinBreakerOpenError | undefined {
  const refused = records.find(
    (r) => r.ret !== undefined && (r.state === 'queued' || r.state === 'rejected'),
  );
  if (!refused) {
    const held = records.some((r) => r.state === 'queued' && r.cause === 'breaker');
    return held ? new WeixinBreakerOpenError(records, breakerUntil) : undefined;
  }
  switch (refused.cause) {
    case 'rate-limited':
      return new WeixinRateLimitedError(records, refused, breakerUntil);
    case 'prepare-failed':
      return new WeixinPrepareFailedError(records, refused);
    case 'no-errmsg':
      return new WeixinEmptyRefusalError(records, refused);
    case 'invalid-arguments':
      return new WeixinInvalidArgumentsError(records, refused);
    case 'session':
      return new WeixinSessionExpiredError(records, refused);
    case 'voice-refused':
      return new WeixinVoiceRefusedError(records, refused);
    default:
      return new WeixinServerRefusedError(records, refused);
  }
}
