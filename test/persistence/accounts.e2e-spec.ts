import { randomBytes } from 'node:crypto';
import { Test } from '@nestjs/testing';
import { getDataSourceToken } from '@nestjs/typeorm';
import { TokenCipher } from 'nestjs-weixin/internal';
import { TokenCipherError } from 'nestjs-weixin/internal';
import { WEIXIN_TOKEN_CIPHER, WeixinStore } from 'nestjs-weixin/internal';
import { openStore, rows, type StoreFixture } from './store.fixture.js';

const TOKEN = 'b0f5860fdecb@im.bot:0600000a1b2c3d4e5f';

describe('WeixinStore accounts', () => {
  let f: StoreFixture;

  beforeAll(async () => {
    f = await openStore('weixin_store_accounts');
  });
  afterAll(() => f.close());
  beforeEach(() => f.sql.query('TRUNCATE weixin_account, weixin_inbox CASCADE'));

  it('is built by Nest from the default DataSource and the cipher token', async () => {
    const moduleRef = await Test.createTestingModule({
      providers: [
        WeixinStore,
        { provide: getDataSourceToken(), useValue: f.dataSource },
        { provide: WEIXIN_TOKEN_CIPHER, useValue: f.cipher },
      ],
    }).compile();
    const store = moduleRef.get(WeixinStore);
    await store.upsertAccount({ id: 'di', token: TOKEN });
    expect((await f.store.getAccount('di'))!.token).toBe(TOKEN);
    await moduleRef.close();
  });

  it('stores the token encrypted, never in clear', async () => {
    await f.store.upsertAccount({ id: 'bot1@im.bot', token: TOKEN, baseUrl: 'https://a.example' });
    const [raw] = await rows<{ token_enc: string }>(
      f.sql,
      `SELECT token_enc FROM weixin_account WHERE id = 'bot1@im.bot'`,
    );
    expect(raw!.token_enc).toMatch(/^v1:k1:/);
    expect(raw!.token_enc).not.toContain(TOKEN);
    expect(raw!.token_enc).not.toContain('0600000a1b2c3d4e5f');
    expect(f.cipher.decrypt(raw!.token_enc)).toBe(TOKEN);

    const account = await f.store.getAccount('bot1@im.bot');
    expect(account).toEqual({
      id: 'bot1@im.bot',
      token: TOKEN,
      baseUrl: 'https://a.example',
      cdnBaseUrl: null,
      ownerUserId: null,
      state: 'active',
      cursor: '',
      lastPollAt: null,
      lastError: null,
    });
  });

  it('re-login renews the token, reactivates and keeps the cursor and URLs', async () => {
    await f.store.upsertAccount({
      id: 'bot1',
      token: 'old-token',
      baseUrl: 'https://a.example',
      ownerUserId: 'owner@im.wechat',
    });
    await f.sql.query(`UPDATE weixin_account SET "cursor" = 'CURSOR-42' WHERE id = 'bot1'`);
    await f.store.setAccountState('bot1', 'needs_relogin', 'errcode -14');

    await f.store.upsertAccount({ id: 'bot1', token: 'new-token' });
    const account = await f.store.getAccount('bot1');
    expect(account).toMatchObject({
      token: 'new-token',
      state: 'active',
      cursor: 'CURSOR-42',
      lastError: null,
      baseUrl: 'https://a.example',
      ownerUserId: 'owner@im.wechat',
    });

    await f.store.upsertAccount({ id: 'bot1', token: 'new-token', baseUrl: null });
    expect((await f.store.getAccount('bot1'))!.baseUrl).toBeNull();
  });

  it('lists accounts by id and answers null for an unknown one', async () => {
    await f.store.upsertAccount({ id: 'b', token: 't-b' });
    await f.store.upsertAccount({ id: 'a', token: 't-a' });
    expect((await f.store.listAccounts()).map((a) => [a.id, a.token])).toEqual([
      ['a', 't-a'],
      ['b', 't-b'],
    ]);
    expect(await f.store.getAccount('nope')).toBeNull();
  });

  it('sets the state and the error; keeps the error when not given', async () => {
    await f.store.upsertAccount({ id: 'bot1', token: TOKEN });
    expect(await f.store.setAccountState('bot1', 'paused', 'by operator')).toBe(true);
    expect(await f.store.getAccount('bot1')).toMatchObject({
      state: 'paused',
      lastError: 'by operator',
    });
    await f.store.setAccountState('bot1', 'needs_relogin');
    expect(await f.store.getAccount('bot1')).toMatchObject({
      state: 'needs_relogin',
      lastError: 'by operator',
    });
    await f.store.setAccountState('bot1', 'active', null);
    expect(await f.store.getAccount('bot1')).toMatchObject({ state: 'active', lastError: null });
    expect(await f.store.setAccountState('ghost', 'paused')).toBe(false);
    await expect(f.store.setAccountState('bot1', 'sleeping' as 'paused')).rejects.toThrow(
      /"sleeping" is not an account state/,
    );
  });

  it('records polls with the database clock', async () => {
    await f.store.upsertAccount({ id: 'bot1', token: TOKEN });
    await f.store.recordPoll('bot1', 'HTTP 502');
    expect(await f.store.getAccount('bot1')).toMatchObject({
      lastPollAt: null,
      lastError: 'HTTP 502',
    });
    await f.store.recordPoll('bot1');
    const [db] = await rows<{ now: Date }>(f.sql, 'SELECT now() AS now');
    const account = await f.store.getAccount('bot1');
    expect(account!.lastError).toBeNull();
    expect(account!.lastPollAt).toBeInstanceOf(Date);
    expect(account!.lastPollAt!.getTime()).toBeLessThanOrEqual(db!.now.getTime());
  });

  it('removes an account with its lease, contexts and inbox rows', async () => {
    await f.store.upsertAccount({ id: 'bot1', token: TOKEN });
    await f.store.upsertAccount({ id: 'bot2', token: TOKEN });
    const [lease] = await f.store.acquireLeases('r1', 60_000);
    await f.store.persistBatch({
      accountId: 'bot1',
      owner: 'r1',
      epoch: lease!.epoch,
      cursor: 'c1',
      messages: [
        {
          messageId: '1',
          fingerprint: 'f1',
          userId: 'u1',
          contextToken: 'ctx',
          createTimeMs: 1,
          payload: { message_id: '1' },
        },
      ],
    });
    expect(await f.store.removeAccount('bot1')).toBe(true);
    expect(await f.store.removeAccount('bot1')).toBe(false);
    for (const table of ['weixin_lease', 'weixin_user_context', 'weixin_inbox']) {
      const r = await rows(f.sql, `SELECT 1 FROM ${table} WHERE account_id = 'bot1'`);
      expect(r).toEqual([]);
    }
    expect(await f.store.getAccount('bot2')).not.toBeNull();
  });

  it('re-encrypts tokens under the current key after a rotation', async () => {
    const k1 = randomBytes(32);
    const k2 = randomBytes(32);
    const before = new WeixinStore(f.dataSource, new TokenCipher({ k1 }, 'k1'));
    await before.upsertAccount({ id: 'bot1', token: 'token-1' });
    await before.upsertAccount({ id: 'bot2', token: 'token-2' });

    const after = new WeixinStore(f.dataSource, new TokenCipher({ k1, k2 }, 'k2'));
    expect((await after.getAccount('bot1'))!.token).toBe('token-1');
    expect(await after.reencryptTokens()).toBe(2);
    expect(await after.reencryptTokens()).toBe(0);
    const raw = await rows<{ token_enc: string }>(f.sql, 'SELECT token_enc FROM weixin_account');
    expect(raw.every((r) => r.token_enc.startsWith('v1:k2:'))).toBe(true);

    const onlyNew = new WeixinStore(f.dataSource, new TokenCipher({ k2 }, 'k2'));
    expect((await onlyNew.listAccounts()).map((a) => a.token)).toEqual(['token-1', 'token-2']);
  });

  it('fails with the key id when a token was encrypted with an unknown key', async () => {
    await f.store.upsertAccount({ id: 'bot1', token: TOKEN });
    const other = new WeixinStore(f.dataSource, new TokenCipher({ k9: randomBytes(32) }, 'k9'));
    const err = await other.getAccount('bot1').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TokenCipherError);
    expect((err as Error).message).toContain('"k1"');
    expect((err as Error).message).not.toContain(TOKEN);
  });
});
