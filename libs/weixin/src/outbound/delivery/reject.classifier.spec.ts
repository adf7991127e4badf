import { classifyReject, type RejectFacts } from './reject.classifier.js';

const base: RejectFacts = { maxServerBytes: 16_384, repliesUsed: 1, quota: 10, windowOpen: true };

describe('classifyReject', () => {
  it('reads errmsg first', () => {
    expect(classifyReject({ ...base, errmsg: 'rate limited' })).toBe('rate-limited');
    expect(classifyReject({ ...base, errmsg: 'prepare failed' })).toBe('prepare-failed');
    expect(classifyReject({ ...base, errmsg: ' Prepare Failed ' })).toBe('prepare-failed');
    expect(classifyReject({ ...base, errmsg: 'context_token quota exhausted' })).toBe('quota');
    expect(classifyReject({ ...base, errmsg: 'text longer than 16384 bytes' })).toBe('too-long');
    expect(classifyReject({ ...base, errmsg: 'rate limited', voice: true })).toBe('rate-limited');
  });

  it('reads a refused voice item as native voice refused', () => {
    expect(classifyReject({ ...base, errmsg: '', voice: true })).toBe('voice-refused');
    expect(classifyReject({ ...base, errmsg: 'unknown error', voice: true })).toBe('voice-refused');
  });

  it('falls back to the text and the ledger, then to an empty or unknown errmsg', () => {
    expect(classifyReject({ ...base, text: '中'.repeat(6000) })).toBe('too-long');
    expect(classifyReject({ ...base, repliesUsed: 10 })).toBe('quota');
    expect(classifyReject({ ...base, repliesUsed: 9 })).toBe('no-errmsg');
    expect(classifyReject({ ...base, windowOpen: false })).toBe('window');
    expect(classifyReject({ ...base, errmsg: '' })).toBe('no-errmsg');
    expect(classifyReject({ ...base, errmsg: '   ' })).toBe('no-errmsg');
    expect(classifyReject({ ...base, errmsg: 'unknown error' })).toBe('rejected');
  });
});
