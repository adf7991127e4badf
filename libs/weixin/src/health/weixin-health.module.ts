import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { WeixinHealthIndicator } from './weixin.health.js';

/**
 * Provides `WeixinHealthIndicator` for the app's terminus health controller. Needs `WeixinModule`
 * registered with `isGlobal: true`.
 */
@Module({
  imports: [TerminusModule.forRoot()],
  providers: [WeixinHealthIndicator],
  exports: [WeixinHealthIndicator, TerminusModule],
})
export class WeixinHealthModule {}
