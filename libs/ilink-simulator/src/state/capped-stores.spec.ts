import { randomBytes } from 'node:crypto';
import { UploadTickets } from '../cdn/upload-tickets.js';
import { type SimSent } from '../interfaces/sent.types.js';
import { QrSessions } from '../qr/qr-sessions.js';
import { SentLog } from './sent-log.js';
import { TypingStore } from './typing-store.js';

function sent(text: string): SimSent {
  return { toUserId: 'u', item: {}, text, accepted: true, ret: 0, errmsg: '', at: 0 };
}

describe('capped simulator stores (oldest dropped)', () => {
  it('SentLog keeps the last records per bot', () => {
    const log = new SentLog(3);
    for (let i = 1; i <= 5; i++) log.add('bot', sent(`m${i}`));
    log.add('other', sent('x'));
    expect(log.list('bot').map((record) => record.text)).toEqual(['m3', 'm4', 'm5']);
    expect(log.list('other')).toHaveLength(1);
  });

  it('TypingStore keeps the last events and tickets per (bot, user)', () => {
    const store = new TypingStore(2, 2);
    const tickets = [1, 2, 3].map(() => store.issueTicket('bot', 'u', 0, 1_000));
    expect(store.isValid('bot', 'u', tickets[0]!, 1)).toBe(false);
    expect(store.isValid('bot', 'u', tickets[2]!, 1)).toBe(true);
    for (let at = 1; at <= 4; at++) store.addEvent('bot', 'u', 1, tickets[2]!, at);
    expect(store.snapshot('bot', 'u', 5, 100).events.map((event) => event.at)).toEqual([3, 4]);
  });

  it('QrSessions forgets the oldest session and refuses a script queue beyond the cap', () => {
    const qr = new QrSessions(2);
    const [first, second, third] = [qr.create(), qr.create(), qr.create()];
    expect(qr.get(first!.qrcode)).toBeUndefined();
    expect(qr.get(second!.qrcode)).toBe(second);
    expect(qr.get(third!.qrcode)).toBe(third);
    qr.enqueue({ steps: ['wait'] });
    qr.enqueue({ steps: ['wait'] });
    expect(() => qr.enqueue({ steps: ['wait'] })).toThrow(/more than 2 scripts/);
  });

  it('UploadTickets forgets the oldest ticket', () => {
    const tickets = new UploadTickets(2);
    const make = (param: string) => ({
      param,
      botId: 'bot',
      filekey: 'f',
      key: randomBytes(16),
      mediaType: 3,
      toUserId: 'u',
      rawsize: 1,
      rawfilemd5: '',
      filesize: 16,
    });
    for (const param of ['a', 'b', 'c']) tickets.add(make(param));
    expect(tickets.get('a')).toBeUndefined();
    expect(tickets.get('c')?.param).toBe('c');
  });
});
