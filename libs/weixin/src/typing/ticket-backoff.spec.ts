import { ticketRetryDelayMs } from './ticket-backoff.js';

describe('ticketRetryDelayMs', () => {
  it('starts at 2 s, doubles and stops at 1 h', () => {
    expect([1, 2, 3, 4].map(ticketRetryDelayMs)).toEqual([2_000, 4_000, 8_000, 16_000]);
    expect(ticketRetryDelayMs(11)).toBe(2_048_000);
    expect(ticketRetryDelayMs(12)).toBe(3_600_000);
    expect(ticketRetryDelayMs(1_000)).toBe(3_600_000);
  });
});
