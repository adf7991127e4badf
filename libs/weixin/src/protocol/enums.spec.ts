import { MessageItemType, QR_STATUSES, TypingStatus } from './enums.js';

describe('protocol enums', () => {
  it('match the wire values of the protocol', () => {
    expect(MessageItemType.Video).toBe(5);
    expect(TypingStatus.Cancel).toBe(2);
    expect(QR_STATUSES).toContain('scaned_but_redirect');
  });
});
