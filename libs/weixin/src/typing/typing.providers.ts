import type { Provider } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { IlinkClient } from '../client/index.js';
import { WeixinAccountsService } from '../accounts/weixin-accounts.service.js';
import { WEIXIN_TOKEN_CIPHER, WeixinStore } from '../persistence/index.js';
import type { TokenCipher } from '../persistence/token-cipher.js';
import { configuredTypingChannels } from './channels.providers.js';
import type { ResolvedWeixinOptions } from '../options/resolved-options.js';
import { WEIXIN_DATA_SOURCE, WEIXIN_OPTIONS } from '../weixin.constants.js';
import { IlinkTypingChannel } from './ilink-typing.channel.js';
import { ilinkTicketFetcher } from './ilink-ticket.fetcher.js';
import { TypingChannelRegistry } from './typing-channel.registry.js';
import { TypingTicketCache } from './typing-ticket.cache.js';
import { TypingTicketStore } from './typing-ticket.store.js';
import { TypingService } from './typing.service.js';

/** The providers of typing indicators, for `WeixinModule`. */
export const TYPING_PROVIDERS: Provider[] = [
  {
    provide: TypingTicketStore,
    useFactory: (ds: DataSource, o: ResolvedWeixinOptions) =>
      new TypingTicketStore(ds, o.typing.ticketTtlMs),
    inject: [WEIXIN_DATA_SOURCE, WEIXIN_OPTIONS],
  },
  {
    provide: TypingTicketCache,
    useFactory: (
      client: IlinkClient,
      accounts: WeixinAccountsService,
      store: WeixinStore,
      tickets: TypingTicketStore,
      o: ResolvedWeixinOptions,
    ) =>
      new TypingTicketCache(
        ilinkTicketFetcher(client, accounts, store),
        tickets,
        o.typing.ticketTtlMs,
      ),
    inject: [IlinkClient, WeixinAccountsService, WeixinStore, TypingTicketStore, WEIXIN_OPTIONS],
  },
  {
    provide: IlinkTypingChannel,
    useFactory: (
      client: IlinkClient,
      accounts: WeixinAccountsService,
      tickets: TypingTicketCache,
    ) => new IlinkTypingChannel(client, accounts, tickets),
    inject: [IlinkClient, WeixinAccountsService, TypingTicketCache],
  },
  {
    provide: TypingChannelRegistry,
    useFactory: (
      ilink: IlinkTypingChannel,
      o: ResolvedWeixinOptions,
      ds: DataSource,
      cipher: TokenCipher,
    ) => {
      const registry = new TypingChannelRegistry(ilink);
      for (const channel of configuredTypingChannels(o, ds, cipher)) registry.register(channel);
      return registry;
    },
    inject: [IlinkTypingChannel, WEIXIN_OPTIONS, WEIXIN_DATA_SOURCE, WEIXIN_TOKEN_CIPHER],
  },
  TypingService,
];
