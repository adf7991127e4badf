/** Metadata key (on the class) of the `WizardClassMetadata` of `@WeixinWizard`. */
export const WEIXIN_WIZARD_METADATA = 'weixin:wizard';

/** Metadata key (on the method) of the step number of `@WizardStep`. */
export const WEIXIN_WIZARD_STEP_METADATA = 'weixin:wizard-step';

/** What `@WeixinWizard` records on its class. */
export interface WizardClassMetadata {
  readonly id: string;
  readonly timeoutMs?: number;
}
