import { Inject, Injectable } from '@nestjs/common';
import type { DataSource, QueryRunner } from 'typeorm';
import { queryRows } from '../persistence/raw-query.js';
import { WEIXIN_DATA_SOURCE } from '../weixin.constants.js';
import { ConversationSql } from './conversation.sql.js';
import type { ConversationWrite, StoredConversation } from './conversation-write.interface.js';

/** Reads and writes `weixin_conversation`. */
@Injectable()
export class ConversationStore {
  constructor(@Inject(WEIXIN_DATA_SOURCE) private readonly dataSource: DataSource) {}

  /** The user's conversation row, or `undefined`. */
  async load(accountId: string, userId: string): Promise<StoredConversation | undefined> {
    const rows = await queryRows<StoredConversation>(this.dataSource, ConversationSql.load, [
      accountId,
      userId,
    ]);
    return rows[0];
  }

  /** Writes `write` in the transaction of `runner` (a message's commit). */
  static async write(
    runner: QueryRunner,
    accountId: string,
    userId: string,
    write: ConversationWrite,
  ): Promise<void> {
    if (write.kind === 'clear') {
      await runner.query(ConversationSql.clear, [accountId, userId]);
      return;
    }
    await runner.query(ConversationSql.save, [
      accountId,
      userId,
      write.scene,
      write.step,
      JSON.stringify(write.state),
      write.timeoutMs,
    ]);
  }

  /** Deletes rows expired for longer than `afterMs`, in batches; answers how many. */
  async prune(afterMs: number, batch = 1_000): Promise<number> {
    let total = 0;
    for (;;) {
      const runner = this.dataSource.createQueryRunner();
      let affected: number;
      try {
        affected =
          (await runner.query(ConversationSql.prune, [afterMs, batch], true)).affected ?? 0;
      } finally {
        await runner.release();
      }
      total += affected;
      if (affected < batch) return total;
    }
  }
}
