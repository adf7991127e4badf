import type { WeixinMessageFilter } from '../interfaces/weixin-message-filter.interface.js';
import type { WeixinCommandArgType } from './weixin-command-options.interface.js';

/** A checked command argument. */
export interface CommandArgSpec {
  readonly name: string;
  readonly type: WeixinCommandArgType;
  readonly optional: boolean;
  readonly rest: boolean;
  readonly description?: string;
}

/** One `@OnWeixinCommand` declaration after it was checked. */
export interface CommandSpec {
  /** Lower case, without the slash. */
  readonly name: string;
  readonly args: readonly CommandArgSpec[];
  readonly description?: string;
  readonly hidden: boolean;
  /** The sender filter (account, from, group, typing) of the declaration. */
  readonly filter: WeixinMessageFilter;
}
