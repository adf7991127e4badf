import { Injectable } from '@nestjs/common';
import { WeixinWizard, WizardStep, type WeixinMessageContext } from 'nestjs-weixin';

const SIZES = ['small', 'medium', 'large'];

/**
 * A three-step wizard: size, topping, confirmation. Where the user is and what they chose is
 * kept in Postgres, so it survives restarts; it times out after 5 minutes of silence.
 */
@WeixinWizard('pizza', { timeoutMs: 5 * 60_000 })
@Injectable()
export class PizzaWizard {
  @WizardStep(1)
  size(ctx: WeixinMessageContext): string {
    const size = ctx.text.trim().toLowerCase();
    if (!SIZES.includes(size)) {
      ctx.conversation.patch();
      return `Please answer ${SIZES.join(', ')}.`;
    }
    ctx.conversation.next({ size });
    return 'Which topping?';
  }

  @WizardStep(2)
  topping(ctx: WeixinMessageContext): string {
    const topping = ctx.text.trim();
    ctx.conversation.next({ topping });
    return `A ${String(ctx.conversation.state.size)} pizza with ${topping}. Confirm? (yes/no)`;
  }

  @WizardStep(3)
  confirm(ctx: WeixinMessageContext): string {
    const { size, topping } = ctx.conversation.state as { size: string; topping: string };
    const yes = /^(y|yes|ok|好|是)$/i.test(ctx.text.trim());
    ctx.conversation.leave();
    return yes ? `Ordered: ${size} pizza with ${topping}.` : 'Pizza order dropped.';
  }
}
