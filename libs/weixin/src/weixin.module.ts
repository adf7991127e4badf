import { Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { ILINK_CLIENT_DEFAULTS, IlinkClient } from './client/index.js';
import { TokenCipher } from './persistence/token-cipher.js';
import { WeixinAccountsService } from './accounts/weixin-accounts.service.js';
import { WEIXIN_TOKEN_CIPHER, WeixinStore } from './persistence/index.js';
import { WeixinHandlersExplorer } from './handlers/weixin-handlers.explorer.js';
import { WeixinHandlerRegistry } from './handlers/weixin-handler.registry.js';
import { WeixinMetadataAccessor } from './handlers/weixin-metadata.accessor.js';
import { INBOX_PROVIDERS } from './inbox/inbox.providers.js';
import { ConversationStore } from './conversations/conversation.store.js';
import { OUTBOUND_PROVIDERS } from './outbound/outbound.providers.js';
import { WeixinMessageService } from './outbound/weixin-message.service.js';
import { POLLING_PROVIDERS } from './polling/polling.providers.js';
import { PollingService } from './polling/polling.service.js';
import { WeixinLoginService } from './login/weixin-login.service.js';
import { QrLoginStore } from './login/qr-login.store.js';
import { AccountStatusStore } from './persistence/account-status.store.js';
import { DeadLetterStore } from './persistence/dead-letter.store.js';
import { QuotedMessageStore } from './persistence/quoted-message.store.js';
import { ReplicaStore } from './persistence/replica.store.js';
import { PgErrorGuard } from './persistence/pg-error-guard.js';
import { MediaService } from './media/media.service.js';
import { MEDIA_SENDER } from './media/media-send.port.js';
import { TYPING_PROVIDERS } from './typing/typing.providers.js';
import { TypingService } from './typing/typing.service.js';
import { resolveOptions, withEnvironment } from './options/resolve-options.js';
import type { ResolvedWeixinOptions } from './options/resolved-options.js';
import { WEIXIN_DATA_SOURCE, WEIXIN_OPTIONS } from './weixin.constants.js';
import {
  ConfigurableModuleClass,
  OPTIONS_TYPE,
  WEIXIN_MODULE_OPTIONS,
} from './weixin.module-definition.js';
import type { WeixinModuleOptions } from './interfaces/weixin-module-options.interface.js';
import type { DataSource } from 'typeorm';

/**
 * Adds WeChat iLink bots to a NestJS app: `forRoot()` / `forRootAsync()` provide `IlinkClient`,
 * `PollingService`, `WeixinAccountsService`, `WeixinMessageService`, `TypingService`,
 * `MediaService` and `WeixinLoginService`, and route inbound messages to `@OnWeixinMessage()`
 * handlers. Register it with `isGlobal: true` when the opt-in admin, health or metrics modules are
 * used. The app imports `EventEmitterModule.forRoot()` and a TypeORM
 * data source on Postgres with `WEIXIN_ENTITIES` and `WEIXIN_MIGRATIONS` registered.
 */
@Module({
  imports: [DiscoveryModule],
  providers: [
    {
      provide: WEIXIN_OPTIONS,
      // Read when the provider runs (after e.g. a ConfigModule loaded a .env file), not at import.
      useFactory: (raw: WeixinModuleOptions | undefined) => resolveOptions(withEnvironment(raw)),
      inject: [WEIXIN_MODULE_OPTIONS],
    },
    {
      provide: IlinkClient,
      useFactory: (o: ResolvedWeixinOptions) =>
        new IlinkClient({
          baseUrl: o.baseUrl,
          cdnBaseUrl: o.cdnBaseUrl,
          botType: o.botType,
          routeTag: o.routeTag,
          botAgent: o.botAgent,
          // The module's `allowedHosts` adds to Tencent's domains; the client's replaces them.
          allowedHosts: [...ILINK_CLIENT_DEFAULTS.allowedHosts, ...o.allowedHosts],
        }),
      inject: [WEIXIN_OPTIONS],
    },
    PgErrorGuard,
    {
      provide: WEIXIN_TOKEN_CIPHER,
      useFactory: (o: ResolvedWeixinOptions) =>
        new TokenCipher(o.encryption.keys, o.encryption.currentKeyId),
      inject: [WEIXIN_OPTIONS],
    },
    {
      provide: WeixinStore,
      useFactory: (ds: DataSource, cipher: TokenCipher) => new WeixinStore(ds, cipher),
      inject: [WEIXIN_DATA_SOURCE, WEIXIN_TOKEN_CIPHER],
    },
    WeixinAccountsService,
    WeixinMetadataAccessor,
    WeixinHandlerRegistry,
    WeixinHandlersExplorer,
    ...OUTBOUND_PROVIDERS,
    ...INBOX_PROVIDERS,
    ConversationStore,
    ...POLLING_PROVIDERS,
    AccountStatusStore,
    DeadLetterStore,
    QuotedMessageStore,
    ReplicaStore,
    QrLoginStore,
    WeixinLoginService,
    MediaService,
    { provide: MEDIA_SENDER, useExisting: WeixinMessageService },
    ...TYPING_PROVIDERS,
  ],
  exports: [
    WeixinMessageService,
    IlinkClient,
    PollingService,
    WeixinAccountsService,
    TypingService,
    MediaService,
    WeixinLoginService,
    AccountStatusStore,
    DeadLetterStore,
    WeixinStore,
    WEIXIN_OPTIONS,
  ],
})
export class WeixinModule extends ConfigurableModuleClass implements OnApplicationShutdown {
  /**
   * Registers the module. Fields not given (all of them without an argument) come from the
   * environment when set there: `WEIXIN_ACCOUNT_ID` + `WEIXIN_BOT_TOKEN` (accounts),
   * `WEIXIN_BASE_URL`, `WEIXIN_CDN_BASE_URL`, `WEIXIN_BOT_TYPE`, `WEIXIN_ROUTE_TAG`,
   * `WEIXIN_ENCRYPTION_KEY` (encryption). `forRootAsync()` fills its factory's gaps the same way.
   */
  static override forRoot(options: typeof OPTIONS_TYPE = {}): DynamicModule {
    return super.forRoot(options);
  }

  constructor(private readonly client: IlinkClient) {
    super();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.client.close();
  }
}
