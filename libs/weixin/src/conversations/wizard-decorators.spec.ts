import { WeixinHandlerError } from '../errors/weixin-handler.error.js';
import { WeixinWizard } from './weixin-wizard.decorator.js';
import { WizardStep } from './wizard-step.decorator.js';

function errorOf(declare: () => unknown): WeixinHandlerError {
  try {
    declare();
  } catch (err) {
    expect(err).toBeInstanceOf(WeixinHandlerError);
    expect((err as WeixinHandlerError).code).toBe('WEIXIN_INVALID_HANDLER');
    return err as WeixinHandlerError;
  }
  throw new Error('the declaration was accepted');
}

describe('wizard decorators', () => {
  it('refuse an empty or too long id and a bad timeout, naming the class', () => {
    expect(
      errorOf(() => {
        @WeixinWizard('')
        class Empty {}
        return Empty;
      }).message,
    ).toMatch(/@WeixinWizard on Empty: the id must be/);
    expect(
      errorOf(() => {
        @WeixinWizard('x'.repeat(65))
        class Long {}
        return Long;
      }).message,
    ).toMatch(/on Long/);
    expect(
      errorOf(() => {
        @WeixinWizard('slow', { timeoutMs: 1.5 })
        class Slow {}
        return Slow;
      }).message,
    ).toMatch(/@WeixinWizard on Slow: timeoutMs must be a positive integer/);
  });

  it('refuse a step that is not a positive integer, and a static method', () => {
    expect(
      errorOf(() => {
        class Steps {
          @WizardStep(0)
          zero(): void {}
        }
        return Steps;
      }).message,
    ).toMatch(/@WizardStep on Steps#zero: the step must be a positive integer/);
    expect(
      errorOf(() => {
        class Steps {
          @WizardStep(1)
          static first(): void {}
        }
        return Steps;
      }).message,
    ).toMatch(/@WizardStep on Steps#first: the decorator only applies to instance methods/);
  });
});
