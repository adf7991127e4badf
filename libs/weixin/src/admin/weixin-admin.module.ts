import { Module } from '@nestjs/common';
import { ThrottlerStorageService } from '@nestjs/throttler';
import { AdminExceptionFilter } from './admin-exception.filter.js';
import { AdminThrottlerGuard, ADMIN_THROTTLER_STORAGE } from './auth/admin-throttler.guard.js';
import { ApiKeyGuard } from './auth/api-key.guard.js';
import { AccountsController } from './controllers/accounts.controller.js';
import { DeadLettersController } from './controllers/dead-letters.controller.js';
import { DeliveriesController } from './controllers/deliveries.controller.js';
import { LoginController } from './controllers/login.controller.js';
import { SendsController } from './controllers/sends.controller.js';
import { UsersController } from './controllers/users.controller.js';
import { TypingChannelsController } from './controllers/typing-channels.controller.js';
import { AdminUploadInterceptor } from './admin-upload.interceptor.js';
import { resolveAdminOptions } from './resolve-admin-options.js';
import {
  WEIXIN_ADMIN_MODULE_OPTIONS,
  WeixinAdminConfigurableModule,
} from './weixin-admin.module-definition.js';
import { WEIXIN_ADMIN_OPTIONS, type WeixinAdminOptions } from './weixin-admin.options.js';
import { AdminAccountsService } from './services/admin-accounts.service.js';
import { AdminDeadLettersService } from './services/admin-dead-letters.service.js';
import { AdminLoginsService } from './services/admin-logins.service.js';
import { AdminSendsService } from './services/admin-sends.service.js';
import { AdminTypingService } from './services/admin-typing.service.js';
import { WeixinAdminService } from './weixin-admin.service.js';
import { requiringGlobalWeixin } from '../options/require-global-weixin.js';

/**
 * The opt-in admin REST API of nestjs-weixin under a path prefix of the app's choice:
 * `WeixinAdminModule.forRoot({ path: 'weixin-admin', apiKeys: [process.env.ADMIN_API_KEY] })`.
 * Every route is authenticated, throttled and validated. `WeixinModule` must be registered with
 * `isGlobal: true`. `WeixinAdminService` is exported for apps that want their own controllers.
 */
@Module({
  controllers: [
    AccountsController,
    LoginController,
    UsersController,
    TypingChannelsController,
    SendsController,
    DeliveriesController,
    DeadLettersController,
  ],
  providers: [
    {
      provide: WEIXIN_ADMIN_OPTIONS,
      useFactory: (raw: WeixinAdminOptions) => resolveAdminOptions(raw),
      inject: [WEIXIN_ADMIN_MODULE_OPTIONS],
    },
    { provide: ADMIN_THROTTLER_STORAGE, useClass: ThrottlerStorageService },
    AdminThrottlerGuard,
    ApiKeyGuard,
    AdminExceptionFilter,
    AdminUploadInterceptor,
    requiringGlobalWeixin(AdminAccountsService, 'WeixinAdminModule'),
    requiringGlobalWeixin(AdminLoginsService, 'WeixinAdminModule'),
    requiringGlobalWeixin(AdminTypingService, 'WeixinAdminModule'),
    requiringGlobalWeixin(AdminSendsService, 'WeixinAdminModule'),
    requiringGlobalWeixin(AdminDeadLettersService, 'WeixinAdminModule'),
    WeixinAdminService,
  ],
  exports: [WeixinAdminService],
})
export class WeixinAdminModule extends WeixinAdminConfigurableModule {}
