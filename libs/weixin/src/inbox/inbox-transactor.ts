import { Inject, Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import { WEIXIN_DATA_SOURCE } from '../weixin.constants.js';
import { WeixinAlreadyHandledError } from './weixin-already-handled.error.js';

/**
 * Runs a handler's database work in one transaction with the inbox row's "done" mark, so that
 * work happens exactly once even if the process dies mid-handler or another attempt races it.
 */
@Injectable()
export class InboxTransactor {
  constructor(@Inject(WEIXIN_DATA_SOURCE) private readonly dataSource: DataSource) {}

  /** Marks row `inboxId` done and runs `work` in the same transaction; throws if already done. */
  run<T>(inboxId: string, work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(async (manager) => {
      const [, affected] = (await manager.query(
        "UPDATE weixin_inbox SET status = 'done', handled_at = now() WHERE id = $1 AND status = 'pending'",
        [inboxId],
      )) as [unknown, number];
      if (affected !== 1) throw new WeixinAlreadyHandledError(inboxId);
      return work(manager);
    });
  }
}
