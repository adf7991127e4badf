import {
  Injectable,
  UseGuards,
  type PipeTransform,
  type Provider,
  type CanActivate,
  type ExecutionContext,
  type LoggerService,
} from '@nestjs/common';
import type { TestingModule } from '@nestjs/testing';
import { WeixinWizard } from '../conversations/weixin-wizard.decorator.js';
import { WizardStep } from '../conversations/wizard-step.decorator.js';
import { OnWeixinMessage } from '../handlers/on-weixin-message.decorator.js';
import { WeixinExecutionContext } from '../handlers/weixin-execution-context.js';
import { WeixinHandlerRegistry } from '../handlers/weixin-handler.registry.js';
import { startExplorer } from '../handlers/explorer-spec.fixture.js';
import { WeixinMessageContext } from '../handlers/weixin-message.context.js';
import { MessageItemType } from '../protocol/index.js';
import { WEIXIN_OPTIONS } from '../weixin.constants.js';
import type { InferWeixinCommandArgs } from './weixin-command-options.interface.js';
import { OnWeixinCommand } from './on-weixin-command.decorator.js';
import { CommandArgs } from './command-args.decorator.js';

const calls: { name: string; args?: unknown }[] = [];

function text(body: string, from = 'bob@im.wechat', groupId?: string): WeixinMessageContext {
  return new WeixinMessageContext(
    {
      accountId: 'bot@im.bot',
      inboxId: '1',
      message: {
        from_user_id: from,
        ...(groupId ? { group_id: groupId } : {}),
        item_list: [{ type: MessageItemType.Text, text_item: { text: body } }],
      },
      attempt: 1,
    },
    { send: () => Promise.resolve() },
  );
}

const ORDER_ARGS = [
  { name: 'item', description: 'what to order' },
  { name: 'qty', type: 'integer', optional: true },
] as const;

class OnlyAlice implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    return WeixinExecutionContext.create(context).getMessage().from === 'alice@im.wechat';
  }
}

@Injectable()
class ShopCommands {
  @OnWeixinCommand('order', { args: ORDER_ARGS, description: 'Place an order' })
  order(ctx: WeixinMessageContext): string {
    const args = ctx.command!.args as InferWeixinCommandArgs<typeof ORDER_ARGS>;
    calls.push({ name: 'order', args });
    return `ordered ${args.qty ?? 1} ${args.item}`;
  }

  @OnWeixinCommand('cancel')
  @OnWeixinCommand('stop', { hidden: true })
  cancel(ctx: WeixinMessageContext): string {
    calls.push({ name: ctx.command!.name });
    return 'cancelled';
  }

  @UseGuards(OnlyAlice)
  @OnWeixinCommand('admin')
  admin(): string {
    calls.push({ name: 'admin' });
    return 'ok';
  }

  @OnWeixinCommand('team', { group: true })
  team(): string {
    calls.push({ name: 'team' });
    return 'team';
  }

  @OnWeixinMessage()
  catchAll(): string {
    calls.push({ name: 'catchAll' });
    return 'plain';
  }
}

@WeixinWizard('signup', { timeoutMs: 60_000 })
@Injectable()
class SignupWizard {
  @WizardStep(1)
  name(): string {
    calls.push({ name: 'step1' });
    return 'step 1';
  }

  @WizardStep(5)
  age(): string {
    calls.push({ name: 'step5' });
    return 'step 5';
  }
}

@Injectable()
class StrayStep {
  @WizardStep(1)
  lost(): void {}
}

@WeixinWizard('signup')
@Injectable()
class DuplicateWizard {
  @WizardStep(1)
  again(): void {}
}

@WeixinWizard('empty')
@Injectable()
class EmptyWizard {}

class CapturingLogger implements LoggerService {
  readonly errors: string[] = [];
  log(): void {}
  warn(): void {}
  error(message: unknown): void {
    this.errors.push(String(message));
  }
}

async function compile(
  providers: Provider[],
  commands?: { help: boolean; helpHeader: string },
): Promise<{ moduleRef: TestingModule; registry: WeixinHandlerRegistry; logger: CapturingLogger }> {
  const logger = new CapturingLogger();
  const options = commands ? [{ provide: WEIXIN_OPTIONS, useValue: { commands } }] : [];
  const moduleRef = await startExplorer([...options, ...providers], { logger });
  return { moduleRef, registry: moduleRef.get(WeixinHandlerRegistry), logger };
}

/** Routes and runs a message as the dispatcher does; answers the replies. */
async function run(
  registry: WeixinHandlerRegistry,
  ctx: WeixinMessageContext,
  position = {},
): Promise<unknown[]> {
  const replies: unknown[] = [];
  for (const handler of registry.match(ctx, position)) {
    replies.push(await handler.invoke(ctx).catch((err: Error) => `denied: ${err.message}`));
  }
  return replies;
}

describe('commands and wizards through the explorer', () => {
  let moduleRef: TestingModule;
  let registry: WeixinHandlerRegistry;
  let logger: CapturingLogger;

  beforeAll(async () => {
    ({ moduleRef, registry, logger } = await compile([
      ShopCommands,
      SignupWizard,
      StrayStep,
      DuplicateWizard,
      EmptyWizard,
    ]));
  });

  afterAll(() => moduleRef.close());
  beforeEach(() => (calls.length = 0));

  it('calls a command with its parsed arguments, and only it (not the catch-all)', async () => {
    expect(await run(registry, text('/ORDER tea 3'))).toEqual(['ordered 3 tea']);
    expect(calls).toEqual([{ name: 'order', args: { item: 'tea', qty: 3 } }]);
  });

  it('answers the usage and does not call the handler when the arguments do not fit', async () => {
    expect(await run(registry, text('/order'))).toEqual([
      '<item> is missing. Usage: /order <item> [qty:integer]',
    ]);
    expect(await run(registry, text('/order tea lots'))).toEqual([
      '<qty> must be a whole number, got "lots". Usage: /order <item> [qty:integer]',
    ]);
    expect(calls).toEqual([]);
  });

  it('sends an unknown /word and plain text to the message handlers', async () => {
    expect(await run(registry, text('/unknown x'))).toEqual(['plain']);
    expect(await run(registry, text('order tea'))).toEqual(['plain']);
    expect(calls.map((c) => c.name)).toEqual(['catchAll', 'catchAll']);
  });

  it('routes aliases, applies guards, and applies the sender filter of a command', async () => {
    expect(await run(registry, text('/stop'))).toEqual(['cancelled']);
    expect(await run(registry, text('/admin'))).toEqual([expect.stringMatching(/^denied/)]);
    expect(await run(registry, text('/admin', 'alice@im.wechat'))).toEqual(['ok']);
    // A direct message does not match `group: true`: it is an ordinary message.
    expect(await run(registry, text('/team'))).toEqual(['plain']);
    expect(await run(registry, text('/team', 'bob@im.wechat', 'g1@chatroom'))).toEqual(['team']);
    expect(calls.map((c) => c.name)).toEqual(['stop', 'admin', 'catchAll', 'team']);
  });

  it('generates /help listing the visible commands, before the message handlers', async () => {
    expect(await run(registry, text('/help'))).toEqual([
      [
        'Commands:',
        '/order <item> [qty:integer] — Place an order',
        '    item: what to order',
        '/cancel',
        '/admin',
        '/team',
        '/help — list the commands',
      ].join('\n'),
    ]);
    expect(await run(registry, text('/help me'))).toEqual(['unexpected "me". Usage: /help']);
    expect(calls).toEqual([]);
  });

  it('routes a user in a wizard to the step handler; commands still win', async () => {
    expect(registry.get('signup')).toEqual({ id: 'signup', steps: [1, 5], timeoutMs: 60_000 });
    expect(await run(registry, text('Bob'), { scene: 'signup', step: 1 })).toEqual(['step 1']);
    expect(await run(registry, text('42'), { scene: 'signup', step: 5 })).toEqual(['step 5']);
    expect(await run(registry, text('/cancel'), { scene: 'signup', step: 5 })).toEqual([
      'cancelled',
    ]);
    // A step the wizard no longer has: an ordinary message.
    expect(await run(registry, text('x'), { scene: 'signup', step: 2 })).toEqual(['plain']);
    expect(calls.map((c) => c.name)).toEqual(['step1', 'step5', 'cancel', 'catchAll']);
  });

  it('refuses a step outside a wizard, a wizard declared twice or without steps, naming them', () => {
    expect(logger.errors).toEqual([
      expect.stringContaining(
        'StrayStep#lost": @WizardStep on StrayStep#lost: the class has no @WeixinWizard',
      ),
      expect.stringContaining("@WeixinWizard('signup') on DuplicateWizard: another class"),
      "@WeixinWizard('empty') on EmptyWizard: the class has no @WizardStep method.",
    ]);
    expect(registry.ids()).toEqual(['signup']);
    expect(registry.all.some((h) => h.name.startsWith('DuplicateWizard'))).toBe(false);
  });
});

describe('the generated /help', () => {
  it('is not registered in an app without commands', async () => {
    const { moduleRef, registry } = await compile([SignupWizard]);
    expect(registry.commands()).toEqual([]);
    expect(registry.match(text('/help'))).toEqual([]);
    await moduleRef.close();
  });

  it('is turned off by commands.help: false, and takes the header of commands.helpHeader', async () => {
    const off = await compile([ShopCommands], { help: false, helpHeader: 'x' });
    expect(off.registry.commands().map((c) => c.name)).not.toContain('help');
    await off.moduleRef.close();
    const on = await compile([ShopCommands], { help: true, helpHeader: '指令：' });
    const [reply] = await run(on.registry, text('/help'));
    expect(String(reply).split('\n')[0]).toBe('指令：');
    await on.moduleRef.close();
  });

  it("gives way to the app's own help command", async () => {
    @Injectable()
    class OwnHelp {
      @OnWeixinCommand('help')
      help(): string {
        return 'my help';
      }
    }
    const { moduleRef, registry } = await compile([OwnHelp]);
    expect(await run(registry, text('/help'))).toEqual(['my help']);
    expect(registry.all.map((h) => h.name)).toEqual(['OwnHelp#help']);
    await moduleRef.close();
  });
});

class UpperItem implements PipeTransform {
  transform(value: { item: string }): { item: string } {
    return { ...value, item: value.item.toUpperCase() };
  }
}

const BOOK_ARGS = [{ name: 'item' }, { name: 'nights', type: 'integer' }] as const;

@Injectable()
class ArgsCommands {
  @OnWeixinCommand('book', { args: BOOK_ARGS })
  book(ctx: WeixinMessageContext, @CommandArgs() args: InferWeixinCommandArgs<typeof BOOK_ARGS>) {
    return `${ctx.from} booked ${args.item} for ${args.nights + 1 - 1} nights`;
  }

  @OnWeixinCommand('tag', { args: [{ name: 'item' }] })
  tag(@CommandArgs(new UpperItem()) args: { item: string }) {
    return `tagged ${args.item}`;
  }

  @OnWeixinMessage()
  plain(ctx: WeixinMessageContext, @CommandArgs() args: unknown) {
    return `plain ${ctx.text} ${String(args)}`;
  }
}

describe('@CommandArgs()', () => {
  it('injects the parsed arguments, keeps the context first, and runs its pipes', async () => {
    const { moduleRef, registry } = await compile([ArgsCommands]);
    expect(await run(registry, text('/book room 2'))).toEqual([
      'bob@im.wechat booked room for 2 nights',
    ]);
    expect(await run(registry, text('/tag tea'))).toEqual(['tagged TEA']);
    expect(await run(registry, text('hello'))).toEqual(['plain hello undefined']);
    await moduleRef.close();
  });
});
