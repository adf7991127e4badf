import { classifyReject, type RejectFacts } from './reject-classifier.js';

const base: RejectFacts = { maxServerBytes: 16_384, repliesUsed: 1, quota: 10, windowOpen: true };

describe('classifyReject', () => {
  it('reads errmsg first', () => {
    expect(classifyReject({ ...base, errmsg: 'rate limited' })).toBe('rate-limited');
    expect(classifyReject({ ...base, errmsg: 'prepare failed' })).toBe('window');
    expect(classifyReject({ ...base, errmsg: 'context_token quota exhausted' })).toBe('quota');
    expect(classifyReject({ ...base, errmsg: 'text longer than 16384 bytes' })).toBe('too-long');
  });

  it('falls back to the text and the ledger, then to unknown', () => {
    expect(classifyReject({ ...base, text: '中'.repeat(6000) })).toBe('too-long');
    expect(classifyReject({ ...base, repliesUsed: 10 })).toBe('quota');
    expect(classifyReject({ ...base, repliesUsed: 9 })).toBe('rejected');
    expect(classifyReject({ ...base, windowOpen: false })).toBe('window');
    expect(classifyReject({ ...base, errmsg: '' })).toBe('rejected');
  });
});
