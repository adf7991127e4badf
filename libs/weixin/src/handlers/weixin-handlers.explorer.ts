import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService, ExternalContextCreator, MetadataScanner } from '@nestjs/core';
import type {
  WeixinHandlerTyping,
  WeixinMessageFilter,
} from '../interfaces/weixin-message-filter.interface.js';
import { WEIXIN_ARGS_METADATA, WEIXIN_CONTEXT_TYPE } from './handlers.constants.js';
import {
  HANDLER_REGISTRATION_FAILED,
  REQUEST_SCOPED_HANDLER,
  TRANSIENT_HANDLER,
} from './handlers.messages.js';
import type { RegisteredHandler } from './registered-handler.interface.js';
import { WeixinHandlerRegistry } from './weixin-handler.registry.js';
import type { WeixinMessageContext } from './weixin-message.context.js';
import { WeixinMetadataAccessor } from './weixin-metadata.accessor.js';
import { WeixinParamsFactory } from './weixin-params.factory.js';

type InstanceWrapper = ReturnType<DiscoveryService['getProviders']>[number];
type HandlerHost = Record<string, unknown>;
type HandlerMethod = (...args: unknown[]) => unknown;

/**
 * Finds the `@OnWeixinMessage` methods of all providers and controllers when the module
 * initialises and registers them, wrapped with their enhancers, in `WeixinHandlerRegistry`.
 */
@Injectable()
export class WeixinHandlersExplorer implements OnModuleInit {
  private readonly logger = new Logger(WeixinHandlersExplorer.name);
  private readonly paramsFactory = new WeixinParamsFactory();

  constructor(
    @Inject(DiscoveryService) private readonly discoveryService: DiscoveryService,
    @Inject(MetadataScanner) private readonly metadataScanner: MetadataScanner,
    @Inject(WeixinMetadataAccessor) private readonly metadataAccessor: WeixinMetadataAccessor,
    @Inject(ExternalContextCreator) private readonly externalContextCreator: ExternalContextCreator,
    @Inject(WeixinHandlerRegistry) private readonly registry: WeixinHandlerRegistry,
  ) {}

  onModuleInit(): void {
    this.explore();
  }

  /** Registers the handlers of every provider and controller instance once. */
  private explore(): void {
    const explored = new Set<object>();
    const wrappers = [
      ...this.discoveryService.getProviders(),
      ...this.discoveryService.getControllers(),
    ];
    for (const wrapper of wrappers) {
      const instance: unknown = wrapper.instance;
      if (wrapper.isAlias || typeof instance !== 'object' || instance === null) continue;
      const prototype: unknown = Object.getPrototypeOf(instance);
      if (!prototype || explored.has(instance)) continue;
      explored.add(instance);
      for (const methodName of this.metadataScanner.getAllMethodNames(prototype)) {
        this.exploreMethod(wrapper, instance as HandlerHost, methodName);
      }
    }
  }

  private exploreMethod(wrapper: InstanceWrapper, instance: HandlerHost, methodName: string): void {
    const method = instance[methodName] as HandlerMethod | undefined;
    if (typeof method !== 'function') return;
    const filters = this.metadataAccessor.getMessageFilters(method);
    if (!filters) return;

    const name = `${instance.constructor.name}#${methodName}`;
    if (!wrapper.isDependencyTreeStatic()) {
      this.logger.warn(REQUEST_SCOPED_HANDLER(name));
      return;
    }
    if (wrapper.isTransient) {
      this.logger.warn(TRANSIENT_HANDLER(name));
      return;
    }
    try {
      this.registry.register(this.createHandler(instance, method, methodName, name, filters));
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.logger.error(
        HANDLER_REGISTRATION_FAILED(name, reason),
        error instanceof Error ? error.stack : undefined,
      );
    }
  }

  private createHandler(
    instance: HandlerHost,
    method: HandlerMethod,
    methodName: string,
    name: string,
    filters: WeixinMessageFilter[],
  ): RegisteredHandler {
    const call = this.externalContextCreator.create(
      instance,
      method,
      methodName,
      WEIXIN_ARGS_METADATA,
      this.paramsFactory,
      undefined,
      undefined,
      { guards: true, interceptors: true, filters: true },
      WEIXIN_CONTEXT_TYPE,
    );
    return {
      name,
      filters,
      typing: handlerTyping(filters),
      invoke: (ctx: WeixinMessageContext): Promise<unknown> => call(ctx),
    };
  }
}

/** The typing the first filter that asks for it wants (`true` is `{}`: the sender on iLink). */
function handlerTyping(filters: readonly WeixinMessageFilter[]): WeixinHandlerTyping | undefined {
  const asked = filters.find((filter) => filter.typing !== undefined && filter.typing !== false);
  if (!asked) return undefined;
  return asked.typing === true ? {} : (asked.typing as WeixinHandlerTyping);
}
