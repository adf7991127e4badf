import { Controller, Get } from '@nestjs/common';
import { HealthCheck, HealthCheckService, type HealthCheckResult } from '@nestjs/terminus';
import { WeixinHealthIndicator } from 'nestjs-weixin/health';

/** `/health`: the demo's terminus health check with every bot account. */
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly weixin: WeixinHealthIndicator,
  ) {}

  @Get()
  @HealthCheck()
  check(): Promise<HealthCheckResult> {
    return this.health.check([() => this.weixin.isHealthy('weixin')]);
  }
}
