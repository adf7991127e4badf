import { type FakeClock } from './manual-clock.js';
import { NxcloudFake } from './nxcloud.fake.js';
import { WeChatCsFake } from './wechat-cs.fake.js';

/** The fakes of the non-iLink typing APIs, served by the simulator's main listener. */
export class TypingFakes {
  /** WeChat customer-service typing and access tokens (`/cgi-bin/...`). */
  readonly wechat: WeChatCsFake;
  /** WhatsApp typing through NXCloud (`/api/wa/typingIndicator`). */
  readonly nxcloud: NxcloudFake;

  constructor(readonly clock: FakeClock) {
    this.wechat = new WeChatCsFake(clock);
    this.nxcloud = new NxcloudFake(clock);
  }
}
