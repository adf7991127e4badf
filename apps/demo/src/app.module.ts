import { Module, type DynamicModule } from '@nestjs/common';
import { WeixinModule } from 'nestjs-weixin';
import { WeixinAdminModule } from 'nestjs-weixin/admin';
import { WeixinHealthModule } from 'nestjs-weixin/health';
import { WeixinMetricsModule } from 'nestjs-weixin/metrics';
import type { DemoEnvironment } from './demo-environment.js';
import { demoModule, demoWeixinOptions } from './demo-peers.js';
import { DemoCommands } from './demo-commands.handler.js';
import { EchoHandler } from './echo.handler.js';
import { ResearchHandler } from './research.handler.js';
import { PizzaWizard } from './pizza.wizard.js';

/** The demo application: a NestJS app that runs a WeChat bot through `nestjs-weixin`. */
@Module({})
export class AppModule {
  static register(env: DemoEnvironment): DynamicModule {
    return demoModule(
      AppModule,
      env,
      [
        // Global, so the admin, health and metrics modules can inject its services.
        WeixinModule.forRootAsync({
          isGlobal: true,
          useFactory: () => ({ ...demoWeixinOptions(env), accounts: env.accounts }),
        }),
        WeixinAdminModule.forRoot({
          path: 'weixin-admin',
          apiKeys: [env.adminApiKey],
        }),
        WeixinHealthModule.forRoot({ path: 'health' }),
        WeixinMetricsModule.forRoot({ path: 'metrics' }),
      ],
      [DemoCommands, PizzaWizard, EchoHandler, ResearchHandler],
    );
  }
}
