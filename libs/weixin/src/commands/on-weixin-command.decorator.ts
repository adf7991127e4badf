import 'reflect-metadata';
import { declareHandlerMethod } from '../declarations/handler-method.declaration.js';
import { WEIXIN_COMMANDS_METADATA } from './commands.constants.js';
import type { CommandSpec } from './command-spec.interface.js';
import { normalizeCommand } from './command-spec.validator.js';
import type { WeixinCommandOptions } from './weixin-command-options.interface.js';

/**
 * Marks a method as the handler of the command `/name` (case-insensitive; the full-width slash
 * `／` of CJK keyboards works too). The words after the name are parsed against `options.args`
 * into `ctx.command.args`; when they do not fit (a required one missing, an extra word, a word
 * of the wrong type) the user is answered the reason and the command's usage, and the handler
 * is not called. The reply works as in `@OnWeixinMessage`, as do guards, interceptors, pipes and
 * exception filters.
 *
 * Precedence: a message that invokes a registered command goes to that command's handlers only
 * (also while the user is in a wizard); `@OnWeixinMessage` handlers do not see it. A `/word`
 * that names no registered command (or whose handlers' `account`/`from`/`group` filters exclude
 * the sender) is an ordinary message. In an app with at least one command, `/help` lists the
 * commands unless the app declares its own `help` command or sets `commands.help: false`.
 *
 * Stackable: several decorators on one method declare aliases (each with its own arguments).
 *
 * @param name the command without the slash: letters, digits, `_`, `-`, starting with a letter
 * @param options arguments, `/help` description, sender filter
 * @throws WeixinHandlerError on an invalid name or options or a static method, naming `Class#method`
 */
export function OnWeixinCommand(name: string, options?: WeixinCommandOptions): MethodDecorator {
  return (target, propertyKey, descriptor) => {
    const handler = declareHandlerMethod(target, propertyKey, descriptor, '@OnWeixinCommand');
    const spec = normalizeCommand(name, options, handler);
    const method = descriptor.value as object;
    const specs = (Reflect.getMetadata(WEIXIN_COMMANDS_METADATA, method) ?? []) as CommandSpec[];
    Reflect.defineMetadata(WEIXIN_COMMANDS_METADATA, [...specs, spec], method);
    return descriptor;
  };
}
