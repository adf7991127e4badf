import type { EntityManager } from 'typeorm';

/** Runs a handler's database work atomically with marking its inbox row done. */
export interface WeixinMessageTransactor {
  run<T>(inboxId: string, work: (manager: EntityManager) => Promise<T>): Promise<T>;
}
