import { handlerTyping } from './handler-typing.js';
import type { RegisteredHandler } from './registered-handler.interface.js';
import type { WeixinHandlerRegistry } from './weixin-handler.registry.js';
import { setMessageCommand, type WeixinMessageContext } from './weixin-message.context.js';
import { parseCommandArgs } from '../commands/command-args.parser.js';
import { parseCommandLine } from '../commands/command-line.parser.js';
import type { CommandSpec } from '../commands/command-spec.interface.js';
import { commandHelp, commandUsage } from '../commands/command-usage.formatter.js';
import { HELP_COMMAND } from '../commands/commands.constants.js';
import { CommandsMessages as M } from '../commands/commands.messages.js';

/**
 * The registered handler of one `@OnWeixinCommand` declaration: parses the arguments, answers
 * the usage (without calling the method) when they do not fit, else sets `ctx.command` and calls.
 */
export function commandHandler(
  name: string,
  spec: CommandSpec,
  call: (ctx: WeixinMessageContext) => Promise<unknown>,
): RegisteredHandler {
  return {
    name,
    filters: [spec.filter],
    typing: handlerTyping([spec.filter]),
    command: spec,
    invoke: (ctx) => {
      const argText = parseCommandLine(ctx.text)?.argText ?? '';
      const parsed = parseCommandArgs(spec.args, argText);
      if (!parsed.ok) return Promise.resolve(M.usageAnswer(parsed.reason, commandUsage(spec)));
      setMessageCommand(ctx, { name: spec.name, args: parsed.args, argText });
      return call(ctx);
    },
  };
}

/** The generated `/help`: lists the registered commands (its own line included) when invoked. */
export function helpHandler(registry: WeixinHandlerRegistry, header: string): RegisteredHandler {
  const spec: CommandSpec = {
    name: HELP_COMMAND,
    args: [],
    description: M.helpDescription(),
    hidden: false,
    filter: {},
  };
  return commandHandler('WeixinCommands#help', spec, () =>
    Promise.resolve(commandHelp(registry.commands(), header)),
  );
}
