import { ConfigurableModuleBuilder, type DynamicModule, type Provider } from '@nestjs/common';
import { TypeOrmModule, getDataSourceToken } from '@nestjs/typeorm';
import { WEIXIN_ENTITIES } from './persistence/index.js';
import { WEIXIN_DATA_SOURCE } from './weixin.constants.js';
import type { WeixinModuleOptions } from './interfaces/weixin-module-options.interface.js';

/** Module-definition extras that the options builder lacks. */
export interface WeixinModuleExtras {
  /**
   * Register the module globally.
   * @default false
   */
  isGlobal?: boolean;
  /**
   * Providers added to the module (e.g. for `forRootAsync({ useClass })` dependencies).
   * @default []
   */
  extraProviders?: Provider[];
  /**
   * Name of the TypeORM data source the library uses (the app owns it).
   * @default the default data source
   */
  dataSource?: string;
}

export const {
  ConfigurableModuleClass,
  MODULE_OPTIONS_TOKEN: WEIXIN_MODULE_OPTIONS,
  OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<WeixinModuleOptions>({ moduleName: 'Weixin' })
  .setClassMethodName('forRoot')
  .setExtras<WeixinModuleExtras>(
    { isGlobal: false, extraProviders: [], dataSource: undefined },
    (definition: DynamicModule, extras: WeixinModuleExtras): DynamicModule => ({
      ...definition,
      global: extras.isGlobal,
      imports: [
        ...(definition.imports ?? []),
        TypeOrmModule.forFeature(WEIXIN_ENTITIES, extras.dataSource),
      ],
      providers: [
        ...(definition.providers ?? []),
        ...(extras.extraProviders ?? []),
        { provide: WEIXIN_DATA_SOURCE, useExisting: getDataSourceToken(extras.dataSource) },
      ],
    }),
  )
  .build();

/** A class that `forRootAsync({ useClass | useExisting })` asks for the options. */
export interface WeixinOptionsFactory {
  create(): WeixinModuleOptions | Promise<WeixinModuleOptions>;
}
