import { normalizeMessageFilter } from '../declarations/message-filter.validator.js';
import { WeixinHandlerError } from '../errors/weixin-handler.error.js';
import { COMMAND_NAME_PATTERN } from './commands.constants.js';
import { CommandsMessages as M } from './commands.messages.js';
import type { CommandArgSpec, CommandSpec } from './command-spec.interface.js';
import type { WeixinCommandArgType } from './weixin-command-options.interface.js';
import { isPlainObject } from '../utils/is-plain-object.js';

const OPTION_FIELDS = ['args', 'description', 'hidden', 'account', 'from', 'group', 'typing'];
const FILTER_FIELDS = ['account', 'from', 'group', 'typing'];
const ARG_FIELDS = ['name', 'type', 'optional', 'rest', 'description'];
const ARG_TYPES: readonly WeixinCommandArgType[] = ['string', 'integer', 'number', 'boolean'];
const ARG_NAME = /^[A-Za-z_][A-Za-z0-9_-]{0,31}$/;

function invalid(message: string): WeixinHandlerError {
  return new WeixinHandlerError(message, 'WEIXIN_INVALID_HANDLER');
}

function optionalBoolean(handler: string, field: string, value: unknown): boolean {
  if (value === undefined) return false;
  if (typeof value !== 'boolean')
    throw invalid(M.invalidOption(handler, field, 'a boolean', value));
  return value;
}

function optionalText(handler: string, field: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw invalid(M.invalidOption(handler, field, 'a string', value));
  return value.trim() || undefined;
}

function normalizeArg(handler: string, index: number, raw: unknown): CommandArgSpec {
  const bad = (problem: string) => invalid(M.invalidArg(handler, index, problem));
  if (!isPlainObject(raw)) throw bad("must be an object such as { name: 'item' }");
  for (const field of Object.keys(raw)) {
    if (!ARG_FIELDS.includes(field)) {
      throw bad(`has the unknown field "${field}" (accepted: ${ARG_FIELDS.join(', ')})`);
    }
  }
  if (typeof raw.name !== 'string' || !ARG_NAME.test(raw.name)) {
    throw bad('needs a name of letters, digits, "_" or "-" (up to 32, not starting with a digit)');
  }
  const type = raw.type ?? 'string';
  if (!(ARG_TYPES as readonly unknown[]).includes(type)) {
    throw bad(`has an unknown type (accepted: ${ARG_TYPES.join(', ')})`);
  }
  const spec: CommandArgSpec = {
    name: raw.name,
    type: type as WeixinCommandArgType,
    optional: optionalBoolean(handler, `args[${index}].optional`, raw.optional),
    rest: optionalBoolean(handler, `args[${index}].rest`, raw.rest),
  };
  const description = optionalText(handler, `args[${index}].description`, raw.description);
  return description === undefined ? spec : { ...spec, description };
}

function normalizeArgs(handler: string, raw: unknown): CommandArgSpec[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) throw invalid(M.invalidOption(handler, 'args', 'an array', raw));
  const args = raw.map((arg: unknown, i) => normalizeArg(handler, i, arg));
  const names = new Set<string>();
  args.forEach((arg, i) => {
    const bad = (problem: string) => invalid(M.invalidArg(handler, i, problem));
    if (names.has(arg.name)) throw bad(`repeats the name "${arg.name}"`);
    names.add(arg.name);
    if (arg.rest && i !== args.length - 1) throw bad('is `rest` but not the last argument');
    if (arg.rest && arg.type !== 'string') throw bad('is `rest` but not of type string');
    if (!arg.optional && args.slice(0, i).some((before) => before.optional)) {
      throw bad('is required but follows an optional argument');
    }
  });
  return args;
}

/**
 * Checks an `@OnWeixinCommand` declaration and returns it in a normal form (lower-case name,
 * every argument with its type and flags, the sender filter normalised like `@OnWeixinMessage`'s).
 *
 * @param handler `Class#method`, named in the errors
 * @throws WeixinHandlerError naming the handler, the field and what is accepted
 */
export function normalizeCommand(name: unknown, options: unknown, handler: string): CommandSpec {
  if (typeof name !== 'string' || !COMMAND_NAME_PATTERN.test(name.toLowerCase())) {
    throw invalid(M.invalidName(handler, name));
  }
  const raw = options ?? {};
  if (!isPlainObject(raw)) throw invalid(M.invalidOptions(handler, options));
  for (const field of Object.keys(raw)) {
    if (!OPTION_FIELDS.includes(field))
      throw invalid(M.unknownOption(handler, field, OPTION_FIELDS));
  }
  const filter = normalizeMessageFilter(
    Object.fromEntries(Object.entries(raw).filter(([field]) => FILTER_FIELDS.includes(field))),
    handler,
    '@OnWeixinCommand',
  );
  const spec: CommandSpec = {
    name: name.toLowerCase(),
    args: normalizeArgs(handler, raw.args),
    hidden: optionalBoolean(handler, 'hidden', raw.hidden),
    filter,
  };
  const description = optionalText(handler, 'description', raw.description);
  return description === undefined ? spec : { ...spec, description };
}
