import { ConfigurableModuleBuilder, type DynamicModule } from '@nestjs/common';
import { RouterModule } from '@nestjs/core';
import type { WeixinAdminOptions } from './weixin-admin.options.js';

/** Module-definition extras of `WeixinAdminModule`. */
export interface WeixinAdminModuleExtras {
  /**
   * Path prefix of every admin route (e.g. `weixin-admin` → `/weixin-admin/accounts`).
   * @default 'weixin-admin'
   */
  path?: string;
}

export const {
  ConfigurableModuleClass: WeixinAdminConfigurableModule,
  MODULE_OPTIONS_TOKEN: WEIXIN_ADMIN_MODULE_OPTIONS,
  OPTIONS_TYPE: WEIXIN_ADMIN_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: WEIXIN_ADMIN_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<WeixinAdminOptions>({ moduleName: 'WeixinAdmin' })
  .setClassMethodName('forRoot')
  .setExtras<WeixinAdminModuleExtras>(
    { path: 'weixin-admin' },
    (definition: DynamicModule, extras: WeixinAdminModuleExtras): DynamicModule => ({
      ...definition,
      imports: [
        ...(definition.imports ?? []),
        RouterModule.register([{ path: extras.path ?? 'weixin-admin', module: definition.module }]),
      ],
    }),
  )
  .build();
