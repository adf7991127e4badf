import { loginProgressPrinter } from './login-progress.printer.js';
import type { WeixinLoginSnapshot } from './weixin-login.types.js';

const at = new Date(0);
const snapshot = (o: Partial<WeixinLoginSnapshot>): WeixinLoginSnapshot => ({
  loginId: 'l1',
  status: 'wait',
  version: 1,
  final: false,
  verifyCodePending: false,
  verifyCodeRejected: false,
  startedAt: at,
  deadlineAt: at,
  updatedAt: at,
  ...o,
});

describe('loginProgressPrinter', () => {
  it('draws each new QR code once, then a status line per snapshot', async () => {
    const lines: string[] = [];
    const show = loginProgressPrinter((line) => lines.push(line));
    const qr = { number: 1, content: 'https://example.com/qr/1', dataUrl: 'data:,' };
    await show(snapshot({ qr }));
    expect(lines[0]).toBe('QR code 1: scan it with WeChat');
    expect(lines[1]!.split('\n').length).toBeGreaterThan(10);
    expect(lines.slice(2)).toEqual([
      '(or open https://example.com/qr/1 on the phone)',
      'status: wait — waiting for the QR code to be scanned…',
    ]);
    lines.length = 0;
    await show(snapshot({ qr, status: 'scaned', version: 2 }));
    expect(lines).toEqual(['status: scaned — scanned: confirm the login on the phone']);
  });

  it('says when the verify code was wrong, and the error of a failed login', async () => {
    const lines: string[] = [];
    const show = loginProgressPrinter((line) => lines.push(line));
    await show(snapshot({ status: 'need_verifycode', verifyCodeRejected: true }));
    await show(snapshot({ status: 'failed', error: 'deadline passed' }));
    expect(lines).toEqual([
      'status: need_verifycode — WeChat shows a number on the phone: type it here (wrong number)',
      'status: failed — login failed: deadline passed',
    ]);
  });
});
