import { randomBytes } from 'node:crypto';
import { resolveOptions } from '../options/resolve-options.js';
import type { WeixinSendOptions } from '../interfaces/weixin-module-options.interface.js';

const encryption = { keys: { k1: randomBytes(32).toString('base64') }, currentKeyId: 'k1' };
const resolveSend = (send: WeixinSendOptions) => resolveOptions({ encryption, send }).send;

describe('send options', () => {
  it('keeps a one-hour safety margin inside the 24 h window by default', () => {
    expect(resolveSend({}).windowMs).toBe(23 * 60 * 60 * 1000);
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
