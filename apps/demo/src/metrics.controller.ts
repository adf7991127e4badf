import { Controller, Get, Header } from '@nestjs/common';
import { WeixinMetricsService } from 'nestjs-weixin/metrics';

/** `/metrics`: Prometheus metrics of the bots. */
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: WeixinMetricsService) {}

  @Get()
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  scrape(): Promise<string> {
    return this.metrics.metrics();
  }
}
