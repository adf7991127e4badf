import { Inject, Injectable, Logger, Optional, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService, ExternalContextCreator, MetadataScanner } from '@nestjs/core';
import { commandHandler, helpHandler } from './command-handler.factory.js';
import { HELP_COMMAND } from '../commands/commands.constants.js';
import { CommandsMessages } from '../commands/commands.messages.js';
import { ConversationsMessages } from '../conversations/conversations.messages.js';
import type { ResolvedWeixinOptions } from '../options/resolved-options.js';
import { WEIXIN_OPTIONS } from '../weixin.constants.js';
import { handlerTyping } from './handler-typing.js';
import { WEIXIN_ARGS_METADATA } from '../declarations/declarations.constants.js';
import { WEIXIN_CONTEXT_TYPE } from './handlers.constants.js';
import {
  HANDLER_REGISTRATION_FAILED,
  REQUEST_SCOPED_HANDLER,
  TRANSIENT_HANDLER,
} from './handlers.messages.js';
import { WeixinHandlerError } from '../errors/weixin-handler.error.js';
import { WeixinHandlerRegistry } from './weixin-handler.registry.js';
import type { WeixinMessageContext } from './weixin-message.context.js';
import { WeixinMetadataAccessor } from './weixin-metadata.accessor.js';
import { WeixinParamsFactory } from './weixin-params.factory.js';

type InstanceWrapper = ReturnType<DiscoveryService['getProviders']>[number];
type HandlerHost = Record<string, unknown>;
type HandlerMethod = (...args: unknown[]) => unknown;
type Call = (ctx: WeixinMessageContext) => Promise<unknown>;

/**
 * Finds the `@OnWeixinMessage`, `@OnWeixinCommand` and `@WizardStep` methods of all providers
 * and controllers when the module initialises and registers them, wrapped with their enhancers,
 * in `WeixinHandlerRegistry`, with the wizards they form and the generated `/help`.
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
    @Optional()
    @Inject(WEIXIN_OPTIONS)
    private readonly options?: Pick<ResolvedWeixinOptions, 'commands'>,
  ) {}

  onModuleInit(): void {
    this.explore();
    const help = this.options?.commands ?? {
      help: true,
      helpHeader: CommandsMessages.helpHeader(),
    };
    // Only an app with commands gets one: an app without keeps `/help` for its own handlers.
    const commands = this.registry.commands();
    const declared = commands.some((c) => c.name === HELP_COMMAND);
    if (help.help && commands.length > 0 && !declared) {
      this.registry.register(helpHandler(this.registry, help.helpHeader));
    }
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
      const steps = new Map<number, string>();
      for (const methodName of this.metadataScanner.getAllMethodNames(prototype)) {
        this.exploreMethod(wrapper, instance as HandlerHost, methodName, steps);
      }
      this.registerWizard(instance as HandlerHost, steps);
    }
  }

  private exploreMethod(
    wrapper: InstanceWrapper,
    instance: HandlerHost,
    methodName: string,
    steps: Map<number, string>,
  ): void {
    const method = instance[methodName] as HandlerMethod | undefined;
    if (typeof method !== 'function') return;
    const filters = this.metadataAccessor.getMessageFilters(method);
    const commands = this.metadataAccessor.getCommands(method);
    const step = this.metadataAccessor.getWizardStep(method);
    if (!filters && !commands && step === undefined) return;

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
      const call = this.createCall(instance, method, methodName);
      if (filters) {
        const typing = handlerTyping(filters);
        this.registry.register({ name, filters, typing, invoke: call });
      }
      for (const spec of commands ?? []) this.registry.register(commandHandler(name, spec, call));
      if (step !== undefined) this.registerStep(instance, name, step, call, steps);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.logger.error(
        HANDLER_REGISTRATION_FAILED(name, reason),
        error instanceof Error ? error.stack : undefined,
      );
    }
  }

  private registerStep(
    instance: HandlerHost,
    name: string,
    step: number,
    call: Call,
    steps: Map<number, string>,
  ): void {
    const invalid = (message: string) => new WeixinHandlerError(message, 'WEIXIN_INVALID_HANDLER');
    const wizard = this.metadataAccessor.getWizard(
      instance.constructor as abstract new () => unknown,
    );
    if (!wizard) throw invalid(ConversationsMessages.stepOutsideWizard(name));
    if (steps.has(step)) throw invalid(ConversationsMessages.duplicateStep(name, step));
    if (this.registry.get(wizard.id)) {
      throw invalid(ConversationsMessages.duplicateWizard(wizard.id, instance.constructor.name));
    }
    steps.set(step, name);
    this.registry.register({
      name,
      filters: [],
      typing: undefined,
      wizardStep: { wizard: wizard.id, step },
      invoke: call,
    });
  }

  /** Registers the wizard of a `@WeixinWizard` class once its steps are registered. */
  private registerWizard(instance: HandlerHost, steps: Map<number, string>): void {
    const target = instance.constructor as abstract new () => unknown;
    const wizard = this.metadataAccessor.getWizard(target);
    if (!wizard) return;
    if (steps.size === 0) {
      // Declared twice: its steps were refused above, each with its own error.
      if (this.registry.get(wizard.id)) return;
      this.logger.error(ConversationsMessages.noSteps(wizard.id, target.name));
      return;
    }
    this.registry.registerWizard({
      id: wizard.id,
      steps: [...steps.keys()].sort((a, b) => a - b),
      ...(wizard.timeoutMs === undefined ? {} : { timeoutMs: wizard.timeoutMs }),
    });
  }

  private createCall(instance: HandlerHost, method: HandlerMethod, methodName: string): Call {
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
    return (ctx: WeixinMessageContext): Promise<unknown> => call(ctx);
  }
}
