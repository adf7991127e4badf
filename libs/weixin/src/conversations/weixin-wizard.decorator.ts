import 'reflect-metadata';
import { WeixinHandlerError } from '../errors/weixin-handler.error.js';
import { WEIXIN_WIZARD_METADATA, type WizardClassMetadata } from './conversations.constants.js';
import { ConversationsMessages as M } from './conversations.messages.js';

/** Options of `@WeixinWizard`. */
export interface WeixinWizardOptions {
  /**
   * How long the wizard waits for the user's next message; a message after that reaches the
   * other handlers with `ctx.conversation.expired` set, and the wizard is left.
   * @default the module's `conversations.timeoutMs`
   */
  timeoutMs?: number;
}

/**
 * Declares a provider class as the wizard `id`: a conversation of numbered steps (its
 * `@WizardStep(n)` methods) that a handler starts with `ctx.conversation.enter(id)`. While the
 * user is in the wizard, each of their messages goes to the method of their current step (not to
 * `@OnWeixinMessage` handlers; commands still go to their handlers), which moves on with
 * `ctx.conversation.next()`, elsewhere with `goTo(n)`, or ends with `leave()`. The position and
 * the state are kept in Postgres (`weixin_conversation`) and committed with each message.
 *
 * @throws WeixinHandlerError on an invalid id or timeout, naming the class
 */
export function WeixinWizard(id: string, options: WeixinWizardOptions = {}): ClassDecorator {
  return (target) => {
    if (typeof id !== 'string' || id.trim() === '' || id.length > 64) {
      throw new WeixinHandlerError(M.invalidWizardId(target.name, id), 'WEIXIN_INVALID_HANDLER');
    }
    const timeoutMs = options?.timeoutMs;
    if (timeoutMs !== undefined && (!Number.isInteger(timeoutMs) || timeoutMs <= 0)) {
      throw new WeixinHandlerError(
        M.invalidTimeout(target.name, timeoutMs),
        'WEIXIN_INVALID_HANDLER',
      );
    }
    const metadata: WizardClassMetadata = timeoutMs === undefined ? { id } : { id, timeoutMs };
    Reflect.defineMetadata(WEIXIN_WIZARD_METADATA, metadata, target);
  };
}
