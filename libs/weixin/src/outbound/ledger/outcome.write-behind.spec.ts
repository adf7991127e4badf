import { Logger } from '@nestjs/common';
import type { DeliveryOutcome, StoredDelivery } from './delivery.records.js';
import { OutcomeWriteBehind } from './outcome.write-behind.js';
import type { OutcomeInput } from './send-batch.records.js';

const RECORD: StoredDelivery = {
  id: '7',
  accountId: 'bot',
  userId: 'u@im.wechat',
  seq: 0,
  kind: 'text',
  state: 'sending',
  part: 1,
  parts: 1,
  clientId: 'c-7',
  attempts: 0,
  createdAt: new Date(0),
  updatedAt: new Date(0),
  text: 'hello',
};

const input = (outcome: DeliveryOutcome): OutcomeInput => ({ record: RECORD, outcome, ttlMs: 1 });

/** A logger that keeps what it was told. */
function recordingLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const logger = new Logger('spec');
  logger.warn = (m: unknown) => void lines.push(`warn ${String(m)}`);
  logger.error = (m: unknown) => void lines.push(`error ${String(m)}`);
  return { logger, lines };
}

describe('OutcomeWriteBehind', () => {
  it('takes accepted outcomes only, and none after close()', async () => {
    const behind = new OutcomeWriteBehind(async () => RECORD, recordingLogger().logger);
    expect(behind.takes(input({ state: 'accepted', attempted: true }))).toBe(true);
    expect(behind.takes(input({ state: 'rejected', attempted: true }))).toBe(false);
    expect(behind.takes(input({ state: 'queued', attempted: false }))).toBe(false);
    expect(behind.takes(input({ state: 'unknown', attempted: true }))).toBe(false);
    await behind.close();
    expect(behind.takes(input({ state: 'accepted', attempted: true }))).toBe(false);
  });

  it('answers the record as the write leaves it, before the write is done', async () => {
    let release!: () => void;
    const written: OutcomeInput[] = [];
    const behind = new OutcomeWriteBehind(async (i) => {
      written.push(i);
      await new Promise<void>((r) => (release = r));
      return RECORD;
    }, recordingLogger().logger);
    const answer = behind.store(
      input({ state: 'accepted', attempted: true, serverMessageId: '9' }),
    );
    expect(answer).toMatchObject({
      id: '7',
      state: 'accepted',
      attempts: 1,
      serverMessageId: '9',
      text: 'hello',
    });
    let flushed = false;
    const flush = behind.flush().then(() => (flushed = true));
    await new Promise((r) => setImmediate(r));
    expect(written).toHaveLength(1);
    expect(flushed).toBe(false);
    release();
    await flush;
    expect(flushed).toBe(true);
  });

  it('tries a failed write again, and logs an outcome it could not store', async () => {
    const { logger, lines } = recordingLogger();
    let calls = 0;
    const flaky = new OutcomeWriteBehind(async () => {
      calls += 1;
      if (calls < 3) throw new Error('connection terminated');
      return RECORD;
    }, logger);
    flaky.store(input({ state: 'accepted', attempted: true }));
    await flaky.flush();
    expect(calls).toBe(3);
    expect(lines.filter((l) => l.startsWith('warn'))).toHaveLength(2);

    lines.length = 0;
    const down = new OutcomeWriteBehind(async () => {
      throw new Error('the database is gone');
    }, logger);
    down.store(input({ state: 'accepted', attempted: true }));
    await down.flush();
    expect(lines.at(-1)).toMatch(/^error delivery 7 was accepted .*never resent/u);
  }, 10_000);

  it('logs an outcome whose row is gone (the account was deleted)', async () => {
    const { logger, lines } = recordingLogger();
    const behind = new OutcomeWriteBehind(async () => undefined, logger);
    behind.store(input({ state: 'accepted', attempted: true }));
    await behind.flush();
    expect(lines).toEqual([
      expect.stringMatching(/^warn delivery 7: outcome 'accepted' not stored/u),
    ]);
  });
});
