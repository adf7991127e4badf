import { describeValue } from '../utils/describe-value.js';

/** Texts of conversation and wizard errors: each names the culprit and the fix. */
export const ConversationsMessages = {
  detached: () =>
    'ctx.conversation can only change in a handler run by the inbox dispatcher (this context was built without a conversation store)',
  unknownWizard: (id: string, known: readonly string[]) =>
    `ctx.conversation.enter('${id}'): no @WeixinWizard('${id}') is registered. Registered wizards: ${known.length ? known.map((k) => `'${k}'`).join(', ') : 'none'}.`,
  notInWizard: (method: string) =>
    `ctx.conversation.${method}(): the user is in no wizard; call enter() first`,
  unknownStep: (id: string, step: unknown, steps: readonly number[]) =>
    `ctx.conversation.goTo(${describeValue(step)}): wizard '${id}' has the steps ${steps.join(', ')}`,
  invalidState: (value: unknown) =>
    `conversation state must be a plain object of JSON values, got ${describeValue(value)}`,
  stateTooLarge: (bytes: number, max: number) =>
    `conversation state is ${bytes} bytes as JSON, more than conversations.maxStateBytes (${max}): keep large data in your own tables`,
  sealed: () =>
    'ctx.conversation changed after the handler finished: change it before the handler returns',
  invalidWizardId: (target: string, id: unknown) =>
    `@WeixinWizard on ${target}: the id must be a non-empty string of up to 64 characters, got ${describeValue(id)}.`,
  invalidTimeout: (target: string, value: unknown) =>
    `@WeixinWizard on ${target}: timeoutMs must be a positive integer, got ${describeValue(value)}.`,
  invalidStep: (handler: string, value: unknown) =>
    `@WizardStep on ${handler}: the step must be a positive integer (1 for the first), got ${describeValue(value)}.`,
  stepOutsideWizard: (handler: string) =>
    `@WizardStep on ${handler}: the class has no @WeixinWizard decorator, so the step is never reached. Add @WeixinWizard('id') to the class.`,
  duplicateStep: (handler: string, step: number) =>
    `@WizardStep(${step}) on ${handler}: another method of the wizard already handles step ${step}.`,
  duplicateWizard: (id: string, target: string) =>
    `@WeixinWizard('${id}') on ${target}: another class already declares the wizard '${id}'.`,
  noSteps: (id: string, target: string) =>
    `@WeixinWizard('${id}') on ${target}: the class has no @WizardStep method.`,
};
