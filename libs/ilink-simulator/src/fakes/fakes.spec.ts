import { startSimulator, type IlinkSimulator } from '../simulator.js';
import { ManualClock } from './manual-clock.js';

describe('typing fakes over HTTP', () => {
  let sim: IlinkSimulator;
  const clock = new ManualClock(1_700_000_000_000);
  const control = async (path: string, ...args: unknown[]): Promise<unknown> => {
    const res = await fetch(new URL(`/_fake/${path}`, sim.baseUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ args }),
    });
    return ((await res.json()) as { result: unknown }).result;
  };
  const typing = async (token: string, command: string): Promise<number> => {
    const res = await fetch(
      new URL(`/cgi-bin/message/custom/typing?access_token=${token}`, sim.baseUrl),
      {
        method: 'POST',
        body: JSON.stringify({ touser: 'o1', command }),
      },
    );
    return ((await res.json()) as { errcode: number }).errcode;
  };

  beforeAll(async () => {
    sim = await startSimulator({ clock });
  });
  afterAll(() => sim.close());

  it('runs the customer-service rules on the controllable clock', async () => {
    await control('wechat/addApp', { appId: 'wx1', secret: 's' });
    const res = await fetch(
      new URL('/cgi-bin/token?grant_type=client_credential&appid=wx1&secret=s', sim.baseUrl),
    );
    const { access_token: token } = (await res.json()) as { access_token: string };
    expect(await typing(token, 'Typing')).toBe(45080);
    const t0 = clock.now();
    await control('wechat/userWrote', 'wx1', 'o1');
    expect(await typing(token, 'Typing')).toBe(0);
    expect(await typing(token, 'Typing')).toBe(45081);
    await control('clock/advance', 15_000);
    expect(await typing(token, 'Typing')).toBe(0);
    await control('clock/advance', 15_000);
    expect(await typing(token, 'Typing')).toBe(45080);
    expect(await control('wechat/timeline', 'wx1', 'o1')).toEqual([
      { at: t0, typing: true },
      { at: t0 + 30_000, typing: false },
    ]);
    await fetch(
      new URL('/cgi-bin/token?grant_type=client_credential&appid=wx1&secret=s', sim.baseUrl),
    );
    expect(await typing(token, 'CancelTyping')).toBe(40001);
    expect(await typing('nope', 'CancelTyping')).toBe(40014);
    expect(await control('wechat/tokenFetches', 'wx1')).toBe(2);
  });

  it('answers unknown fake routes and control methods with 404', async () => {
    const res = await fetch(new URL('/_fake/wechat/constructor', sim.baseUrl), {
      method: 'POST',
      body: '{}',
    });
    expect(res.status).toBe(404);
  });

  it('ManualClock runs due timers in order and only those', () => {
    const c = new ManualClock(0);
    const seen: number[] = [];
    c.setTimeout(() => seen.push(2), 20);
    c.setTimeout(() => seen.push(1), 10);
    const t = c.setTimeout(() => seen.push(3), 30);
    c.advance(25);
    t.cancel();
    c.advance(100);
    expect(seen).toEqual([1, 2]);
    expect(c.now()).toBe(125);
  });
});
