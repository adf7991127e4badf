import 'reflect-metadata';
import { declareHandlerMethod } from '../declarations/handler-method.declaration.js';
import { WeixinHandlerError } from '../errors/weixin-handler.error.js';
import { WEIXIN_WIZARD_STEP_METADATA } from './conversations.constants.js';
import { ConversationsMessages as M } from './conversations.messages.js';

/**
 * Marks a method of a `@WeixinWizard` class as the handler of step `step` (1 for the first): it
 * receives the user's messages while the user is at that step, with the message context as its
 * argument, and replies like an `@OnWeixinMessage` handler. Steps run in ascending order with
 * `ctx.conversation.next()`; numbers may have gaps.
 *
 * @throws WeixinHandlerError on a step that is not a positive integer or a static method
 */
export function WizardStep(step: number): MethodDecorator {
  return (target, propertyKey, descriptor) => {
    const handler = declareHandlerMethod(target, propertyKey, descriptor, '@WizardStep');
    if (!Number.isInteger(step) || step <= 0) {
      throw new WeixinHandlerError(M.invalidStep(handler, step), 'WEIXIN_INVALID_HANDLER');
    }
    Reflect.defineMetadata(WEIXIN_WIZARD_STEP_METADATA, step, descriptor.value as object);
    return descriptor;
  };
}
