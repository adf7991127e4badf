import type { LoggerService, Provider, Type } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { Test, type TestingModule } from '@nestjs/testing';
import { WeixinHandlerRegistry } from './weixin-handler.registry.js';
import { WeixinHandlersExplorer } from './weixin-handlers.explorer.js';
import { WeixinMetadataAccessor } from './weixin-metadata.accessor.js';

/**
 * Compiles and starts a module of the explorer, its metadata accessor, `registry` (default the
 * real one) and `providers` (handlers, enhancers), logging to `logger` when given.
 */
export async function startExplorer(
  providers: Provider[],
  o: { registry?: Provider; controllers?: Type[]; logger?: LoggerService } = {},
): Promise<TestingModule> {
  const builder = Test.createTestingModule({
    imports: [DiscoveryModule],
    controllers: o.controllers ?? [],
    providers: [
      WeixinMetadataAccessor,
      WeixinHandlersExplorer,
      o.registry ?? WeixinHandlerRegistry,
      ...providers,
    ],
  });
  if (o.logger) builder.setLogger(o.logger);
  const moduleRef = await builder.compile();
  await moduleRef.init();
  return moduleRef;
}
