import type {
  DeliveryCause,
  DeliveryRecord,
  DeliveryState,
} from '../../interfaces/outbound.types.js';
import { refusalError } from './refusal-error.js';
import { WeixinBreakerOpenError } from './weixin-breaker-open.error.js';
import { WeixinEmptyRefusalError } from './weixin-empty-refusal.error.js';
import { WeixinInvalidArgumentsError } from './weixin-invalid-arguments.error.js';
import { WeixinPrepareFailedError } from './weixin-prepare-failed.error.js';
import { WeixinRateLimitedError } from './weixin-rate-limited.error.js';
import { WeixinServerRefusedError } from './weixin-server-refused.error.js';
import { WeixinSessionExpiredError } from './weixin-session-expired.error.js';
import { WeixinVoiceRefusedError } from './weixin-voice-refused.error.js';

function record(state: DeliveryState, cause?: DeliveryCause, ret?: number): DeliveryRecord {
  const now = new Date(0);
  const r: DeliveryRecord = {
    id: '1',
    accountId: 'a',
    userId: 'u@im.wechat',
    kind: 'text',
    state,
    part: 1,
    parts: 1,
    clientId: 'c',
    attempts: 1,
    createdAt: now,
    updatedAt: now,
  };
  if (cause) r.cause = cause;
  if (ret !== undefined) r.ret = ret;
  return r;
}

describe('refusalError', () => {
  it.each([
    ['rate-limited', -2, WeixinRateLimitedError, 'WEIXIN_RATE_LIMITED'],
    ['prepare-failed', -2, WeixinPrepareFailedError, 'WEIXIN_PREPARE_FAILED'],
    ['no-errmsg', -2, WeixinEmptyRefusalError, 'WEIXIN_EMPTY_REFUSAL'],
    ['invalid-arguments', -3, WeixinInvalidArgumentsError, 'WEIXIN_INVALID_ARGUMENTS'],
    ['session', -14, WeixinSessionExpiredError, 'WEIXIN_SESSION_EXPIRED'],
    ['voice-refused', -2, WeixinVoiceRefusedError, 'WEIXIN_VOICE_REFUSED'],
    ['quota', -2, WeixinServerRefusedError, 'WEIXIN_SERVER_REFUSED'],
  ] as const)('maps %s to its own error', (cause, ret, type, code) => {
    const refused = record('queued', cause, ret);
    const error = refusalError([record('accepted'), refused]);
    expect(error).toBeInstanceOf(type);
    expect(error).toMatchObject({ code, record: refused, refusal: cause, ret });
  });

  it('names the breaker when it held the send back, and nothing when none was refused', () => {
    const until = new Date(60_000);
    const error = refusalError([record('queued', 'breaker')], until);
    expect(error).toBeInstanceOf(WeixinBreakerOpenError);
    expect((error as WeixinBreakerOpenError).until).toBe(until);
    expect(refusalError([record('accepted'), record('queued', 'no-token')])).toBeUndefined();
  });
});
