import type { CommandSpec } from '../commands/command-spec.interface.js';
import type {
  WeixinHandlerTyping,
  WeixinMessageFilter,
} from '../interfaces/weixin-message-filter.interface.js';
import type { WeixinMessageContext } from './weixin-message.context.js';

/** An `@OnWeixinMessage`, `@OnWeixinCommand` or `@WizardStep` method, ready to be called. */
export interface RegisteredHandler {
  /** `Class#method`. */
  readonly name: string;
  /** Its normalised filters, one per decorator; the handler receives a message any one matches. */
  readonly filters: readonly WeixinMessageFilter[];
  /**
   * The "typing…" it asks for while it runs (the first of its filters that asks; `{}` is the
   * sender on iLink), or `undefined`.
   */
  readonly typing: WeixinHandlerTyping | undefined;
  /** The command it handles (`@OnWeixinCommand`); it then receives only that command. */
  readonly command?: CommandSpec;
  /** The wizard step it handles (`@WizardStep`); it then receives only messages at that step. */
  readonly wizardStep?: { readonly wizard: string; readonly step: number };
  /**
   * Runs the method through its guards, interceptors, pipes and exception filters.
   *
   * Resolves with the method's return value as the interceptors mapped it (an Observable is
   * reduced to its last value). Rejects with `ForbiddenException` when a guard denies (see
   * `isWeixinGuardDenial`), and with the error otherwise. When an exception filter catches the
   * error and returns a value, resolves with that value instead; a filter that returns
   * `undefined` leaves the error rejected. A command handler whose arguments do not parse
   * resolves with the usage answer without running the method.
   */
  invoke(ctx: WeixinMessageContext): Promise<unknown>;
}
