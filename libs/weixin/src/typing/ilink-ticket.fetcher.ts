import type { IlinkClient } from '../client/index.js';
import type { WeixinAccountsService } from '../accounts/weixin-accounts.service.js';
import type { WeixinStore } from '../persistence/index.js';
import type { TypingTicketFetcher } from './typing-ticket.cache.js';

/**
 * `getconfig` for a user, with `ilink_user_id` and the user's stored context token when there is
 * one (protocol §11.1). Throws when the answer holds no ticket.
 */
export function ilinkTicketFetcher(
  client: IlinkClient,
  accounts: WeixinAccountsService,
  store: WeixinStore,
): TypingTicketFetcher {
  return async (accountId, userId) => {
    const [account, context] = await Promise.all([
      accounts.ref(accountId),
      store.getUserContext(accountId, userId),
    ]);
    const { typingTicket } = await client.getConfig(account, userId, context?.contextToken);
    return typingTicket;
  };
}
