import type { WeixinMessageFilter } from '../interfaces/weixin-message-filter.interface.js';

/** The type of a command argument: how its word is parsed and checked. */
export type WeixinCommandArgType = 'string' | 'integer' | 'number' | 'boolean';

/** One argument of an `@OnWeixinCommand`, in the order the user types them. */
export interface WeixinCommandArg {
  /** Name of the argument in `ctx.command.args` and in the usage text. */
  readonly name: string;
  /**
   * How the word is parsed: `integer` and `number` must be decimal numbers, `boolean` one of
   * `true`/`false`/`yes`/`no`/`on`/`off`/`1`/`0`.
   * @default 'string'
   */
  readonly type?: WeixinCommandArgType;
  /**
   * The user may leave it out (only arguments after the required ones may be optional).
   * @default false
   */
  readonly optional?: boolean;
  /**
   * Takes the rest of the line verbatim, spaces included (only the last argument, a string).
   * @default false
   */
  readonly rest?: boolean;
  /** One line shown after the usage in `/help`. */
  readonly description?: string;
}

/** The value of a parsed argument of the given type. */
export type WeixinCommandArgValue<T extends WeixinCommandArgType | undefined> = T extends
  'integer' | 'number'
  ? number
  : T extends 'boolean'
    ? boolean
    : string;

/**
 * The parsed arguments of an argument list declared `as const`:
 * `InferWeixinCommandArgs<typeof args>` has one property per argument, optional ones optional.
 */
export type InferWeixinCommandArgs<A extends readonly WeixinCommandArg[]> = {
  [K in A[number] as K extends { optional: true } ? never : K['name']]: WeixinCommandArgValue<
    K['type']
  >;
} & {
  [K in A[number] as K extends { optional: true } ? K['name'] : never]?: WeixinCommandArgValue<
    K['type']
  >;
};

/** What `@OnWeixinCommand` is given besides the command's name. */
export interface WeixinCommandOptions extends Pick<
  WeixinMessageFilter,
  'account' | 'from' | 'group' | 'typing'
> {
  /**
   * The arguments, in order. Words the user types beyond them are refused (unless the last
   * argument is `rest`).
   * @default [] (no arguments: any further word is refused)
   */
  args?: readonly WeixinCommandArg[];
  /** One line shown next to the command in `/help`. */
  description?: string;
  /**
   * Leave the command out of the generated `/help`.
   * @default false
   */
  hidden?: boolean;
}

/** A command as the user invoked it, on `ctx.command` of a command handler. */
export interface WeixinCommandInvocation {
  /** The command's name, lower case, without the slash. */
  readonly name: string;
  /** The parsed arguments by name; an optional argument left out is absent. */
  readonly args: Readonly<Record<string, string | number | boolean>>;
  /** The text after the command's name, trimmed. */
  readonly argText: string;
}
