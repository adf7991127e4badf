import type { QueryRunner } from 'typeorm';
import { WEIXIN_MIGRATIONS } from '../weixin.migrations.js';
import { SqlMigration } from './sql-migration.base.js';

/** A query runner that records the statements sent to it (and fails each one when `failing`). */
function recorder(failing = false): { sent: string[]; runner: QueryRunner } {
  const sent: string[] = [];
  const runner = {
    query: async (sql: string) => {
      sent.push(sql);
      if (failing) throw new Error(`${sql} failed`);
      return [];
    },
  } as unknown as QueryRunner;
  return { sent, runner };
}

describe('SqlMigration', () => {
  class Sample1 extends SqlMigration('Sample1', { up: ['A', 'B'], down: ['C'] }) {}

  it('names the migration with the given name, as an own property of the instance', () => {
    const m = new Sample1();
    expect(m.name).toBe('Sample1');
    expect(Object.keys(m)).toEqual(['name']);
  });

  it('runs the up statements in order, then the down statements in order', async () => {
    const r = recorder();
    const m = new Sample1();
    await m.up(r.runner);
    expect(r.sent).toEqual(['A', 'B']);
    await m.down(r.runner);
    expect(r.sent).toEqual(['A', 'B', 'C']);
  });

  it('stops at the first statement that fails', async () => {
    const r = recorder(true);
    await expect(new Sample1().up(r.runner)).rejects.toThrow('A failed');
    expect(r.sent).toEqual(['A']);
  });

  it('gives every migration of the library its class name as its name', () => {
    for (const M of WEIXIN_MIGRATIONS) expect(new M().name).toBe(M.name);
  });
});
