import type { DataSource } from 'typeorm';
import type { TokenCipher } from '../persistence/token-cipher.js';
import type { ResolvedWeixinOptions } from '../options/resolved-options.js';
import { CustomerServiceTypingChannel } from './customer-service/customer-service-typing.channel.js';
import { WeChatAccessToken } from './customer-service/wechat-access-token.js';
import { WeChatTokenStore } from './customer-service/wechat-token.store.js';
import { NxcloudTypingChannel } from './nxcloud/nxcloud-typing.channel.js';
import { SYSTEM_TYPING_CLOCK } from './typing-clock.js';
import type { WeixinTypingChannel } from './weixin-typing-channel.interface.js';

/** The channels configured in `typing.channels`. */
export function configuredTypingChannels(
  options: ResolvedWeixinOptions,
  dataSource: DataSource,
  cipher: TokenCipher,
): WeixinTypingChannel[] {
  const clock = options.typing.clock ?? SYSTEM_TYPING_CLOCK;
  const store = new WeChatTokenStore(dataSource, cipher);
  const channels: WeixinTypingChannel[] = [];
  for (const c of options.typing.channels.customerService) {
    channels.push(
      new CustomerServiceTypingChannel(c, new WeChatAccessToken(c, store, clock), clock),
    );
  }
  for (const c of options.typing.channels.nxcloud) {
    channels.push(new NxcloudTypingChannel(c, clock));
  }
  return channels;
}
