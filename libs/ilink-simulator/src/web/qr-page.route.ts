import { type RequestContext } from '../http/request-context.js';
import { sendText } from '../http/reply.js';

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}

/**
 * `GET /qr/<qrcode>`: what opening the QR code's content shows. On WeChat it is the phone's login
 * confirmation; here a page that says where the scripted login stands (it advances by itself as
 * the client polls `get_qrcode_status`).
 */
export function serveQrPage(ctx: RequestContext): void {
  let qrcode = '';
  try {
    qrcode = decodeURIComponent(ctx.path.slice('/qr/'.length));
  } catch {
    // A malformed escape names no QR code.
  }
  const session = qrcode ? ctx.state.qr.get(qrcode) : undefined;
  const steps = session?.script.steps ?? [];
  const status = session
    ? `step ${Math.min(session.index + 1, steps.length)} of ${steps.length}: ${steps.join(' → ')}`
    : 'unknown or expired QR code';
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>iLink simulator — QR login</title>
<style>body{font:16px/1.5 system-ui,sans-serif;margin:0 auto;padding:1rem;max-width:36rem}
code{overflow-wrap:anywhere}</style></head>
<body><h1>QR login (simulated)</h1>
<p>On a phone, WeChat would now ask to confirm the login of this bot. The simulator plays the
login's script instead, one step per status poll of the client.</p>
<p>Status: <code>${escapeHtml(status)}</code></p></body></html>`;
  sendText(ctx.res, session ? 200 : 404, html, { 'Content-Type': 'text/html; charset=utf-8' });
}
