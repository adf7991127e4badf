import { randomBytes } from 'node:crypto';
import { resolveOptions } from '../options/resolve-options.js';
import type { WeixinSendOptions } from '../interfaces/weixin-send-options.interface.js';

const encryption = { keys: { k1: randomBytes(32).toString('base64') }, currentKeyId: 'k1' };
const resolveSend = (send: WeixinSendOptions) => resolveOptions({ encryption, send }).send;

describe('send options', () => {
  it('follows the evidence by default: 11 h window, reminder 1 h before it closes', () => {
    expect(resolveSend({}).windowMs).toBe(11 * 60 * 60 * 1000);
    expect(resolveSend({}).windowReminder).toEqual({ beforeMs: 3_600_000, intervalMs: 60_000 });
    expect(resolveSend({ windowReminder: { beforeMs: 0 } }).windowReminder.beforeMs).toBe(0);
  });

  it('refuses a reminder at or beyond the window, naming the fields', () => {
    expect(() => resolveSend({ windowMs: 60_000, windowReminder: { beforeMs: 60_000 } })).toThrow(
      /send\.windowReminder\.beforeMs must be less than send\.windowMs/u,
    );
    expect(() => resolveSend({ windowReminder: { beforeMs: -1 } })).toThrow(
      /send\.windowReminder\.beforeMs must be a non-negative integer/u,
    );
  });

  it('caps send.maxTextBytes at the server limit of 16 384 bytes, naming the field', () => {
    expect(resolveSend({ maxTextBytes: 16_384 }).maxTextBytes).toBe(16_384);
    expect(() => resolveSend({ maxTextBytes: 16_385 })).toThrow(
      /send\.maxTextBytes must be at most 16384/u,
    );
  });
});

describe('send.progressReserve', () => {
  it('defaults to 1 and must stay below the quota', () => {
    expect(resolveSend({}).progressReserve).toBe(1);
    expect(resolveSend({ progressReserve: 0 }).progressReserve).toBe(0);
    expect(() => resolveSend({ progressReserve: 10 })).toThrow(/send\.progressReserve/u);
    expect(() => resolveSend({ progressReserve: -1 })).toThrow(/send\.progressReserve/u);
  });
});
