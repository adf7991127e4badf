import {
  Catch,
  Controller,
  ForbiddenException,
  Injectable,
  Scope,
  UseFilters,
  UseGuards,
  UseInterceptors,
  UsePipes,
  type ArgumentMetadata,
  type ArgumentsHost,
  type CallHandler,
  type CanActivate,
  type ExceptionFilter,
  type ExecutionContext,
  type LoggerService,
  type NestInterceptor,
  type PipeTransform,
} from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import type { TestingModule } from '@nestjs/testing';
import { map, tap, type Observable } from 'rxjs';
import { MessageItemType, type WeixinMessage } from '../protocol/index.js';
import { isWeixinGuardDenial } from './guard-denial.util.js';
import { OnWeixinMessage } from './on-weixin-message.decorator.js';
import { WeixinExecutionContext } from './weixin-execution-context.js';
import { startExplorer } from './explorer-spec.fixture.js';
import { WeixinHandlerRegistry } from './weixin-handler.registry.js';
import { WeixinMessageContext } from './weixin-message.context.js';
import type { RegisteredHandler } from './registered-handler.interface.js';

const calls: string[] = [];

function message(from: string, text: string): WeixinMessageContext {
  const raw: WeixinMessage = {
    message_id: '18446744073709551615',
    from_user_id: from,
    item_list: [{ type: MessageItemType.Text, text_item: { text } }],
  };
  return new WeixinMessageContext(
    { accountId: 'bot-1@im.bot', inboxId: '1', message: raw, attempt: 1 },
    { send: () => Promise.resolve() },
  );
}

function image(from: string): WeixinMessageContext {
  return new WeixinMessageContext(
    {
      accountId: 'bot-1@im.bot',
      inboxId: '2',
      message: { from_user_id: from, item_list: [{ type: MessageItemType.Image, image_item: {} }] },
      attempt: 1,
    },
    { send: () => Promise.resolve() },
  );
}

@Injectable()
class Greeting {
  readonly word = 'hello';
}

@Injectable()
class EchoHandlers {
  constructor(private readonly greeting: Greeting) {}

  @OnWeixinMessage({ text: 'hi' })
  greet(ctx: WeixinMessageContext): string {
    calls.push('greet');
    return `${this.greeting.word} ${ctx.from}`;
  }

  @OnWeixinMessage({ text: /^\/help\b/ })
  @OnWeixinMessage({ kind: 'image', typing: true })
  helpOrImage(): string {
    calls.push('helpOrImage');
    return 'help';
  }

  notAHandler(): void {}
}

@Controller()
class ChatController {
  @OnWeixinMessage({ from: 'carol@im.wechat' })
  fromCarol(): string {
    return 'controller';
  }
}

@Injectable({ scope: Scope.REQUEST })
class RequestScopedHandlers {
  @OnWeixinMessage()
  onAny(): void {}
}

@Injectable()
class DependsOnRequestScoped {
  constructor(private readonly scoped: RequestScopedHandlers) {}

  @OnWeixinMessage()
  onAnyToo(): unknown {
    return this.scoped;
  }
}

@Injectable({ scope: Scope.TRANSIENT })
class TransientHandlers {
  @OnWeixinMessage()
  onAnyTransient(): void {}
}

@Injectable()
class OnlyFromAlice implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    calls.push(`guard:${context.getType()}`);
    return WeixinExecutionContext.create(context).getMessage().from === 'alice@im.wechat';
  }
}

@Injectable()
class Exclaim implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    calls.push(`before:${WeixinExecutionContext.create(context).getMessage().text}`);
    return next.handle().pipe(
      tap(() => calls.push('after')),
      map((value) => `${String(value)}!`),
    );
  }
}

const pipeMetadata: ArgumentMetadata[] = [];

@Injectable()
class ShoutPipe implements PipeTransform<WeixinMessageContext, string> {
  transform(ctx: WeixinMessageContext, metadata: ArgumentMetadata): string {
    pipeMetadata.push(metadata);
    return ctx.text.toUpperCase();
  }
}

@Catch()
class ApologyFilter implements ExceptionFilter {
  catch(exception: Error, host: ArgumentsHost): string {
    const from = WeixinExecutionContext.create(host).getMessage().from;
    return `sorry ${from}: ${exception.message}`;
  }
}

@Catch(RangeError)
class RangeErrorFilter implements ExceptionFilter {
  catch(): string {
    return 'range';
  }
}

@Injectable()
class EnhancedHandlers {
  @OnWeixinMessage({ account: 'guarded' })
  @UseGuards(OnlyFromAlice)
  guarded(): string {
    calls.push('guarded');
    return 'welcome';
  }

  @OnWeixinMessage({ account: 'intercepted' })
  @UseInterceptors(Exclaim)
  intercepted(): string {
    calls.push('handler');
    return 'done';
  }

  @OnWeixinMessage({ account: 'piped' })
  @UsePipes(ShoutPipe)
  piped(shouted: WeixinMessageContext): unknown {
    return shouted;
  }

  @OnWeixinMessage({ account: 'filtered' })
  @UseFilters(ApologyFilter)
  filtered(): never {
    throw new Error('boom');
  }

  @OnWeixinMessage({ account: 'unfiltered' })
  @UseFilters(RangeErrorFilter)
  unfiltered(): never {
    throw new TypeError('not a range error');
  }
}

@Injectable()
class GlobalTagger implements NestInterceptor {
  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(map((value) => `[${String(value)}]`));
  }
}

@Injectable()
class PlainHandlers {
  @OnWeixinMessage()
  plain(): string {
    return 'plain';
  }
}

class CapturingLogger implements LoggerService {
  readonly warnings: string[] = [];
  readonly errors: [string, unknown][] = [];
  log(): void {}
  warn(message: unknown): void {
    this.warnings.push(String(message));
  }
  error(message: unknown, stack?: unknown): void {
    this.errors.push([String(message), stack]);
  }
}

describe('WeixinHandlersExplorer', () => {
  let moduleRef: TestingModule;
  let registry: WeixinHandlerRegistry;
  let logger: CapturingLogger;

  beforeAll(async () => {
    logger = new CapturingLogger();
    moduleRef = await startExplorer(
      [
        Greeting,
        EchoHandlers,
        { provide: 'ECHO_ALIAS', useExisting: EchoHandlers },
        RequestScopedHandlers,
        DependsOnRequestScoped,
        TransientHandlers,
        EnhancedHandlers,
        OnlyFromAlice,
        Exclaim,
        ShoutPipe,
      ],
      { controllers: [ChatController], logger },
    );
    registry = moduleRef.get(WeixinHandlerRegistry);
  });

  afterAll(() => moduleRef.close());

  beforeEach(() => {
    calls.length = 0;
  });

  const find = (name: string) => {
    const handler = registry.all.find((h) => h.name === name);
    if (!handler) throw new Error(`${name} is not registered`);
    return handler;
  };

  it('registers the decorated methods of providers and controllers once each', () => {
    expect(registry.all.map((h) => h.name).sort()).toEqual(
      [
        'ChatController#fromCarol',
        'EchoHandlers#greet',
        'EchoHandlers#helpOrImage',
        'EnhancedHandlers#filtered',
        'EnhancedHandlers#guarded',
        'EnhancedHandlers#intercepted',
        'EnhancedHandlers#piped',
        'EnhancedHandlers#unfiltered',
      ].sort(),
    );
  });

  it('refuses request-scoped providers with a warning naming Class#method', () => {
    expect(logger.warnings).toEqual(
      expect.arrayContaining([
        expect.stringContaining('"RequestScopedHandlers#onAny"'),
        expect.stringContaining('"DependsOnRequestScoped#onAnyToo"'),
      ]),
    );
    expect(logger.warnings.find((w) => w.includes('RequestScopedHandlers#onAny'))).toMatch(
      /request-scoped/,
    );
  });

  it('refuses transient providers with a warning naming Class#method', () => {
    expect(logger.warnings).toEqual(
      expect.arrayContaining([expect.stringContaining('"TransientHandlers#onAnyTransient"')]),
    );
  });

  it('calls the method on the provider instance with the context', async () => {
    await expect(find('EchoHandlers#greet').invoke(message('bob@im.wechat', 'hi'))).resolves.toBe(
      'hello bob@im.wechat',
    );
  });

  it('routes by filter and ORs stacked decorators', () => {
    const names = (ctx: WeixinMessageContext) => registry.match(ctx).map((h) => h.name);
    expect(names(message('bob@im.wechat', ' hi '))).toEqual(['EchoHandlers#greet']);
    expect(names(message('bob@im.wechat', '/help me'))).toEqual(['EchoHandlers#helpOrImage']);
    expect(names(image('bob@im.wechat'))).toEqual(['EchoHandlers#helpOrImage']);
    expect(names(message('carol@im.wechat', 'yo'))).toEqual(['ChatController#fromCarol']);
    expect(names(message('bob@im.wechat', 'nothing'))).toEqual([]);
  });

  it('carries typing from any filter', () => {
    // `typing: true` is the sender on iLink (`{}`); no typing is `undefined`.
    expect(find('EchoHandlers#helpOrImage').typing).toEqual({});
    expect(find('EchoHandlers#greet').typing).toBeUndefined();
    expect(find('EchoHandlers#helpOrImage').filters).toHaveLength(2);
  });

  it('runs guards with the weixin context type; a denial stops the handler', async () => {
    const handler = find('EnhancedHandlers#guarded');
    await expect(handler.invoke(message('alice@im.wechat', 'x'))).resolves.toBe('welcome');
    expect(calls).toEqual(['guard:weixin', 'guarded']);

    calls.length = 0;
    const denied = await handler.invoke(message('mallory@im.wechat', 'x')).catch((e: unknown) => e);
    expect(denied).toBeInstanceOf(ForbiddenException);
    expect(isWeixinGuardDenial(denied)).toBe(true);
    expect(calls).toEqual(['guard:weixin']);
  });

  it('wraps the handler in interceptors that can map its return value', async () => {
    await expect(
      find('EnhancedHandlers#intercepted').invoke(message('bob@im.wechat', 'ping')),
    ).resolves.toBe('done!');
    expect(calls).toEqual(['before:ping', 'handler', 'after']);
  });

  it('passes the context through pipes', async () => {
    pipeMetadata.length = 0;
    await expect(
      find('EnhancedHandlers#piped').invoke(message('bob@im.wechat', 'quiet')),
    ).resolves.toBe('QUIET');
    expect(pipeMetadata).toHaveLength(1);
    expect(pipeMetadata[0]?.metatype).toBe(WeixinMessageContext);
  });

  it('lets an exception filter turn an error into the result', async () => {
    await expect(
      find('EnhancedHandlers#filtered').invoke(message('bob@im.wechat', 'x')),
    ).resolves.toBe('sorry bob@im.wechat: boom');
  });

  it('rejects with the error when no filter catches it', async () => {
    const error = await find('EnhancedHandlers#unfiltered')
      .invoke(message('bob@im.wechat', 'x'))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect(isWeixinGuardDenial(error)).toBe(false);
  });
});

describe('WeixinHandlersExplorer with global enhancers', () => {
  it('applies an APP_INTERCEPTOR to handlers', async () => {
    const moduleRef = await startExplorer([
      PlainHandlers,
      { provide: APP_INTERCEPTOR, useClass: GlobalTagger },
    ]);
    const [handler] = moduleRef.get(WeixinHandlerRegistry).all;
    await expect(handler?.invoke(message('bob@im.wechat', 'x'))).resolves.toBe('[plain]');
    await moduleRef.close();
  });
});

class RefusingRegistry extends WeixinHandlerRegistry {
  override register(handler: RegisteredHandler): void {
    if (handler.name === 'EchoHandlers#greet') throw new Error('registry refused');
    super.register(handler);
  }
}

describe('WeixinHandlersExplorer when a registration fails', () => {
  it('logs the error with its stack, naming Class#method, and registers the rest', async () => {
    const logger = new CapturingLogger();
    const moduleRef = await startExplorer([Greeting, EchoHandlers], {
      registry: { provide: WeixinHandlerRegistry, useClass: RefusingRegistry },
      logger,
    });
    expect(moduleRef.get(WeixinHandlerRegistry).all.map((h) => h.name)).toEqual([
      'EchoHandlers#helpOrImage',
    ]);
    expect(logger.errors).toHaveLength(1);
    const [message, stack] = logger.errors[0]!;
    expect(message).toContain('"EchoHandlers#greet": registry refused');
    expect(String(stack)).toContain('RefusingRegistry.register');
    await moduleRef.close();
  });
});
