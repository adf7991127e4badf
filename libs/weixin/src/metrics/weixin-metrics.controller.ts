import { Controller, Get, Header, type Type } from '@nestjs/common';
import { WeixinMetricsService } from './weixin-metrics.service.js';

/** A route at `path` answering the Prometheus text format of `WeixinMetricsService.metrics()`. */
export function createWeixinMetricsController(path: string): Type<unknown> {
  @Controller(path)
  class WeixinMetricsController {
    constructor(private readonly metrics: WeixinMetricsService) {}

    @Get()
    @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
    scrape(): Promise<string> {
      return this.metrics.metrics();
    }
  }
  return WeixinMetricsController;
}
