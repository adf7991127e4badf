import { Injectable } from '@nestjs/common';
import { OnWeixinMessage, type WeixinMessageContext } from 'nestjs-weixin';

const pause = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * `/research <topic>`: shows progress items ("working on …") while it "works", then answers
 * quoting the question — try it on the sandbox page.
 */
@Injectable()
export class ResearchHandler {
  @OnWeixinMessage({ text: /^\/research\b/i })
  async research(ctx: WeixinMessageContext): Promise<{ text: string; quote: true }> {
    const topic = ctx.text.replace(/^\/research\b/i, '').trim() || 'nothing in particular';
    await ctx.step('search the web', () => pause(800));
    await ctx.step('read the sources', () => pause(800));
    return { text: `Here is what I found about ${topic}: not much, I am a demo.`, quote: true };
  }
}
