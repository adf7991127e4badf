import { WeixinError } from '../errors/weixin.error.js';
import { LeaseLostError } from './lease-lost.error.js';

describe('LeaseLostError', () => {
  it('is a WeixinError that names the account, owner and epoch', () => {
    const err = new LeaseLostError('bot1@im.bot', 'replica-a', '7');
    expect(err).toBeInstanceOf(WeixinError);
    expect(err.name).toBe('LeaseLostError');
    expect(err.code).toBe('WEIXIN_LEASE_LOST');
    expect(err).toMatchObject({ accountId: 'bot1@im.bot', owner: 'replica-a', epoch: '7' });
    expect(err.message).toContain('"bot1@im.bot"');
    expect(err.message).toContain('"replica-a" at epoch 7');
    expect(err.message).toContain('cursor did not move');
  });
});
