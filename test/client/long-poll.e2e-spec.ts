import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { Agent, errors } from 'undici';
import { IlinkTransportError } from 'nestjs-weixin';
import { IlinkClient } from 'nestjs-weixin';
import { useClientUnderTest } from './support/client-under-test.js';

/** A local port with nothing listening on it (a server bound, then closed). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('IlinkClient getupdates: only its own deadline is an empty poll', () => {
  const t = useClientUnderTest({ longPollTimeoutMs: 2_000 });

  it('answers an empty poll with the unchanged cursor when its deadline passes (fault slow)', async () => {
    const { account } = await t.addBot();
    await t.sim.control.fault({ endpoint: 'getupdates', kind: 'slow', delayMs: 5_000 });
    const answer = await t.client.getUpdates(account, '', { timeoutMs: 200 });
    expect(answer).toEqual({ ret: 0, msgs: [], get_updates_buf: '' });
  });

  it.each([524, 504])('answers an empty poll on a proxy timeout (HTTP %i)', async (status) => {
    const { account } = await t.addBot();
    await t.sim.control.fault({ endpoint: 'getupdates', kind: 'http-error', status });
    const answer = await t.client.getUpdates(account, '');
    expect(answer).toEqual({ ret: 0, msgs: [], get_updates_buf: '' });
  });

  it('throws on a refused connection', async () => {
    const client = new IlinkClient({ baseUrl: `http://127.0.0.1:${await closedPort()}` });
    const poll = client.getUpdates({ accountId: 'acc-refused@im.bot', token: 't0ken-1' }, 'c');
    await expect(poll).rejects.toMatchObject({ kind: 'refused', deadlineExpired: false });
    await expect(poll).rejects.toThrow(/acc-refused@im\.bot/);
    await client.close();
  });

  it('throws on a connect timeout (a black-holed connect), so the poller backs off', async () => {
    const blackHole = new Agent({
      connect: (_options, callback) => callback(new errors.ConnectTimeoutError(), null),
    });
    const client = new IlinkClient({ baseUrl: t.sim.baseUrl, dispatcher: blackHole });
    const { account } = await t.addBot();
    const poll = client.getUpdates(account, 'cursor-1', { timeoutMs: 30_000 });
    await expect(poll).rejects.toBeInstanceOf(IlinkTransportError);
    await expect(poll).rejects.toMatchObject({ kind: 'timeout', deadlineExpired: false });
    await client.close();
    await blackHole.close();
  });
});
