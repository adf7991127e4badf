import { nxcloudSign, nxcloudSignatureBase } from './nxcloud-sign.js';
import { NxcloudTypingChannel } from './nxcloud-typing.channel.js';

// The seed's example shape: accessKey fme2na3kdi3ki, ts 1655710885431, bizType 2, action read,
// the seed's request body (business phone filled in) and the secret SECRET. The expected digests
// were computed outside the code with `printf '%s' "$BASE" | md5sum` and `| sha256sum`.
const HEADERS = { ts: '1655710885431', action: 'read', accessKey: 'fme2na3kdi3ki', bizType: '2' };
const BODY =
  '{"appkey":"xxx","messaging_product":"whatsapp","business_phone":"8613800000000",' +
  '"status":"read","message_id":"wamid.HBgNODYxMzMyMDIzNzQ0NhUCABEYEjkzRjVGODY0OTJCQzM5QzQ1MgA=",' +
  '"typing_indicator":{"type":"text"}}';
const BASE = `accessKey=fme2na3kdi3ki&action=read&bizType=2&ts=1655710885431&body=${BODY}&accessSecret=SECRET`;

describe('NXCloud signature', () => {
  it('signs the sorted headers, the exact body and the secret', () => {
    expect(nxcloudSignatureBase(HEADERS, BODY, 'SECRET')).toBe(BASE);
  });

  it('matches the hand-computed MD5 vector', () => {
    expect(nxcloudSign(HEADERS, BODY, 'SECRET')).toBe('5b3632cdc595dc43440e9f83cf7f4918');
    expect(nxcloudSign(HEADERS, BODY, 'SECRET', 'md5')).toBe('5b3632cdc595dc43440e9f83cf7f4918');
  });

  it('matches the hand-computed SHA-256 vector', () => {
    expect(nxcloudSign(HEADERS, BODY, 'SECRET', 'sha256')).toBe(
      '6f8598dcb159ee0b6be7e2ea39edcd4264a002394e3b363af80ca879b9f38821',
    );
  });

  it('a different secret gives a different signature', () => {
    expect(nxcloudSign(HEADERS, BODY, 'WRONG')).not.toBe('5b3632cdc595dc43440e9f83cf7f4918');
  });

  it('the channel sends the seed body byte for byte', () => {
    const channel = new NxcloudTypingChannel({
      name: 'wa',
      accessKey: 'fme2na3kdi3ki',
      accessSecret: 'SECRET',
      appKey: 'xxx',
      businessPhone: '8613800000000',
    });
    expect(channel.body('wamid.HBgNODYxMzMyMDIzNzQ0NhUCABEYEjkzRjVGODY0OTJCQzM5QzQ1MgA=')).toBe(
      BODY,
    );
  });
});
