import { CommandsMessages } from '../commands/commands.messages.js';
import type { WeixinModuleOptions } from '../interfaces/weixin-module-options.interface.js';
import { OptionsMessages as M } from './options.messages.js';
import type { ResolvedWeixinOptions } from './resolved-options.js';

/** Applies the defaults of `commands` and `conversations`, adding each invalid field to `problems`. */
export function resolveChatOptions(
  input: Pick<WeixinModuleOptions, 'commands' | 'conversations'>,
  int: (field: string, value: number | undefined, dflt: number) => number,
  problems: string[],
): Pick<ResolvedWeixinOptions, 'commands' | 'conversations'> {
  const c = input.commands ?? {};
  const help = c.help ?? true;
  if (typeof help !== 'boolean') problems.push(M.boolean('commands.help', help));
  const helpHeader = c.helpHeader ?? CommandsMessages.helpHeader();
  if (typeof helpHeader !== 'string' || helpHeader.trim() === '') {
    problems.push(M.required('commands.helpHeader', 'give a non-empty first line for /help'));
  }
  const v = input.conversations ?? {};
  return {
    commands: { help, helpHeader },
    conversations: {
      timeoutMs: int('conversations.timeoutMs', v.timeoutMs, 10 * 60_000),
      maxStateBytes: int('conversations.maxStateBytes', v.maxStateBytes, 16_384),
    },
  };
}
