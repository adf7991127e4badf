/** An account as the public API shows it: everything but the token. */
export interface WeixinAccountView {
  id: string;
  state: 'active' | 'paused' | 'needs_relogin';
  baseUrl: string | null;
  cdnBaseUrl: string | null;
  ownerUserId: string | null;
  lastPollAt: Date | null;
  lastError: string | null;
}
