import { CLIENT_ID_PREFIX, generateClientId } from './client-id.js';

describe('generateClientId', () => {
  it('answers the prefix, the time and 16 hex characters, never the same value twice', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 2_000; i++) {
      const id = generateClientId(1_700_000_000_000);
      expect(id).toMatch(new RegExp(`^${CLIENT_ID_PREFIX}:1700000000000-[0-9a-f]{16}$`));
      seen.add(id);
    }
    expect(seen.size).toBe(2_000);
  });

  it('varies every position of its random part, leading zeros kept', () => {
    const ids = Array.from({ length: 2_000 }, () => generateClientId(0).slice(-16));
    for (let at = 0; at < 16; at++) {
      expect(new Set(ids.map((id) => id[at])).size).toBe(16);
    }
  });
});
