import { Controller, Get, type Type } from '@nestjs/common';
import { HealthCheck, HealthCheckService, type HealthCheckResult } from '@nestjs/terminus';
import { WeixinHealthIndicator } from './weixin.health.js';

/**
 * A terminus health route at `path` that checks every bot account (`WeixinHealthIndicator`):
 * 200 when all are up, 503 with the reasons otherwise.
 */
export function createWeixinHealthController(path: string): Type<unknown> {
  @Controller(path)
  class WeixinHealthController {
    constructor(
      private readonly health: HealthCheckService,
      private readonly weixin: WeixinHealthIndicator,
    ) {}

    @Get()
    @HealthCheck()
    check(): Promise<HealthCheckResult> {
      return this.health.check([() => this.weixin.isHealthy()]);
    }
  }
  return WeixinHealthController;
}
