import { normalizeRecipient } from './recipient.js';
import { WeixinInvalidRecipientError } from './errors/weixin-invalid-recipient.error.js';

describe('normalizeRecipient', () => {
  it('trims and lower-cases the suffix, keeping the openid as given', () => {
    expect(normalizeRecipient(' o9cq8AbC_d-1@IM.WeChat ')).toBe('o9cq8AbC_d-1@im.wechat');
    expect(normalizeRecipient('alice@im.wechat')).toBe('alice@im.wechat');
    expect(normalizeRecipient('o9cq8a.b=+@im.wechat')).toBe('o9cq8a.b=+@im.wechat');
  });

  it.each([
    'user:alice@im.wechat',
    'alice',
    'b0f5@im.bot',
    'a b@im.wechat',
    '.x@im.wechat',
    '',
    42,
    undefined,
  ])('refuses %p before sending', (id) => {
    expect(() => normalizeRecipient(id)).toThrow(WeixinInvalidRecipientError);
  });
});
