import QRCode from 'qrcode';
import { LoginMessages as M } from './login.messages.js';
import type { WeixinLoginSnapshot } from './weixin-login.types.js';

/** What each QR login status means to the person at the terminal. */
const STATUS_TEXT: Record<string, string> = {
  wait: 'waiting for the QR code to be scanned…',
  scaned: 'scanned: confirm the login on the phone',
  need_verifycode: 'WeChat shows a number on the phone: type it here',
  scaned_but_redirect: 'the login moved to another data centre; following it',
  verify_code_blocked: 'too many wrong numbers: a new QR code follows',
  expired: 'the QR code expired: a new one follows',
  confirmed: 'logged in',
  binded_redirect: 'this bot is already connected here: nothing to do',
  failed: 'login failed',
  cancelled: 'login cancelled',
};

/**
 * Shows a QR login's progress in a terminal: each new QR code (drawn with characters, with its
 * content to open on the phone), then one line per snapshot with its status and what it means.
 *
 * @param say - writes one line (a command line gives stderr, keeping stdout for its result)
 * @returns the function to call with each new snapshot of the login
 */
export function loginProgressPrinter(
  say: (line: string) => void,
): (snapshot: WeixinLoginSnapshot) => Promise<void> {
  let shownQr = 0;
  return async (s) => {
    if (s.qr && s.qr.number !== shownQr) {
      shownQr = s.qr.number;
      say(M.scanQr(s.qr.number));
      say(await QRCode.toString(s.qr.content, { type: 'terminal', small: true }));
      say(M.orOpenQr(s.qr.content));
    }
    const rejected =
      s.status === 'need_verifycode' && s.verifyCodeRejected ? ' (wrong number)' : '';
    const error = s.error ? `: ${s.error}` : '';
    say(`status: ${s.status} — ${STATUS_TEXT[s.status] ?? ''}${rejected}${error}`);
  };
}
