import { RecipientMessages as M } from './recipient.messages.js';
import { WeixinInvalidRecipientError } from './errors/weixin-invalid-recipient.error.js';

/**
 * `<openid>@im.wechat` in any letter case of the suffix; the openid (the characters the admin API
 * accepts too) is kept as given.
 */
const USER_ID = /^([A-Za-z0-9_=+-][A-Za-z0-9_.=+-]{0,127})@im\.wechat$/iu;

/**
 * The recipient id as the server expects it (protocol §9.8, §18): surrounding white space trimmed
 * and the `@im.wechat` suffix lower-cased; the openid keeps its letter case (it is case-sensitive).
 * @throws WeixinInvalidRecipientError for anything else (a `user:` prefix, a bot id, spaces …),
 *   which the server would answer with `ret -3` "invalid arguments"
 */
export function normalizeRecipient(userId: unknown): string {
  const match = typeof userId === 'string' ? USER_ID.exec(userId.trim()) : null;
  if (!match) throw new WeixinInvalidRecipientError(M.invalidRecipient(userId));
  return `${match[1]!}@im.wechat`;
}
