import {
  Injectable,
  UseGuards,
  UseInterceptors,
  type CallHandler,
  type CanActivate,
  type ExecutionContext,
  type INestApplicationContext,
  type NestInterceptor,
} from '@nestjs/common';
import { map, type Observable } from 'rxjs';
import pg from 'pg';
import type { IlinkSimulator, SimBot } from 'nestjs-weixin/testing';
import {
  OnWeixinMessage,
  PollingService,
  WeixinAccountsService,
  WeixinEvents,
  WeixinExecutionContext,
  type WeixinMessageContext,
  type WeixinMessageFailedEvent,
  type WeixinSessionExpiredEvent,
} from 'nestjs-weixin';
import { InboxDispatcher } from 'nestjs-weixin/internal';
import { useE2eBoot } from '../support/e2e-boot.js';
import { eventRecorder } from '../support/event-recorder.js';
import { waitFor } from '../support/wait-for.js';
import { CountingHandler } from '../fixtures/counting.handler.js';

const seen: string[] = [];

@Injectable()
class DenyBlockedUsers implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const message = WeixinExecutionContext.create(context).getMessage();
    return !message.from.startsWith('blocked');
  }
}

@Injectable()
class ShoutInterceptor implements NestInterceptor {
  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    seen.push('interceptor:before');
    return next.handle().pipe(map((value) => String(value).toUpperCase()));
  }
}

@Injectable()
class RoutedHandlers {
  @OnWeixinMessage({ text: /^ping$/i })
  @UseGuards(DenyBlockedUsers)
  @UseInterceptors(ShoutInterceptor)
  ping(ctx: WeixinMessageContext): string {
    seen.push(`ping:${ctx.from}`);
    return 'pong';
  }

  @OnWeixinMessage({ kind: 'image' })
  image(ctx: WeixinMessageContext): string {
    seen.push(`image:${ctx.from}`);
    return 'nice picture';
  }

  @OnWeixinMessage({ from: 'vip@im.wechat' })
  async vip(ctx: WeixinMessageContext): Promise<void> {
    seen.push(`vip:${ctx.text}`);
    await ctx.reply({ text: 'welcome back' });
  }
}

let flakyFixed = false;

@Injectable()
class FlakyHandler {
  @OnWeixinMessage({ text: 'explode' })
  explode(): string {
    if (!flakyFixed) throw new Error('handler bug');
    return 'fixed now';
  }
}

const FailedListener = eventRecorder<WeixinMessageFailedEvent>(WeixinEvents.MessageFailed);
const ExpiryListener = eventRecorder<WeixinSessionExpiredEvent>(WeixinEvents.SessionExpired);

describe('inbound: polling, inbox and @OnWeixinMessage handlers', () => {
  let sim: IlinkSimulator;
  let app: INestApplicationContext;
  let db: pg.Client;
  let botA: SimBot;
  let botB: SimBot;

  const handledCount = async (messageId: string): Promise<number> => {
    const { rows } = await db.query<{ n: string }>(
      'SELECT count(*) AS n FROM test_handled WHERE message_id = $1',
      [messageId],
    );
    return Number(rows[0]!.n);
  };
  const texts = async (bot: SimBot, user: string): Promise<string[]> =>
    (await sim.control.sent(bot.botId, user)).filter((s) => s.accepted).map((s) => s.text ?? '');

  const boot = useE2eBoot('inbound_e2e', {
    bots: 2,
    app: {
      handlers: [
        CountingHandler,
        RoutedHandlers,
        FlakyHandler,
        DenyBlockedUsers,
        ShoutInterceptor,
        FailedListener,
        ExpiryListener,
      ],
      options: { dispatch: { retryDelayMs: 20 } },
    },
  });
  beforeAll(() => {
    ({ sim, db, app } = boot);
    [botA, botB] = boot.bots as [SimBot, SimBot];
  });

  it('delivers a text to the handler and its return value back to the user', async () => {
    const { messageId } = await sim.control.sendText(botA.botId, 'alice@im.wechat', 'hello');
    await waitFor(async () => (await handledCount(messageId)) === 1, 'hello handled');
    await waitFor(
      async () => (await texts(botA, 'alice@im.wechat')).includes('echo: hello'),
      'echo reply',
    );
  });

  it('routes by filter, runs guards and interceptors', async () => {
    await sim.control.sendText(botA.botId, 'bob@im.wechat', 'PING');
    await sim.control.sendText(botA.botId, 'blocked1@im.wechat', 'ping');
    await sim.control.sendImage(botA.botId, 'carol@im.wechat', Buffer.from('not really a png'));
    await sim.control.sendText(botA.botId, 'vip@im.wechat', 'hi');
    await waitFor(async () => (await texts(botA, 'bob@im.wechat')).includes('PONG'), 'PONG');
    await waitFor(
      async () => (await texts(botA, 'carol@im.wechat')).includes('nice picture'),
      'image reply',
    );
    await waitFor(
      async () => (await texts(botA, 'vip@im.wechat')).includes('welcome back'),
      'vip reply',
    );
    await waitFor(
      async () => (await texts(botA, 'blocked1@im.wechat')).includes('echo: ping'),
      'blocked user still reaches the unguarded handler',
    );
    expect(seen).toContain('ping:bob@im.wechat');
    expect(seen).toContain('interceptor:before');
    expect(seen).toContain('image:carol@im.wechat');
    expect(seen).toContain('vip:hi');
    expect(seen).not.toContain('ping:blocked1@im.wechat');
    expect(await texts(botA, 'blocked1@im.wechat')).not.toContain('PONG');
  });

  it('keeps uint64 message ids exact', async () => {
    const id = '18446744073709551557';
    await sim.control.sendText(botA.botId, 'dave@im.wechat', 'big id', { messageId: id });
    await waitFor(async () => (await handledCount(id)) === 1, 'big id handled');
  });

  it('hands duplicate and new-id redeliveries to handlers once', async () => {
    const first = await sim.control.sendText(botA.botId, 'erin@im.wechat', 'only once');
    await waitFor(async () => (await handledCount(first.messageId)) === 1, 'first delivery');
    const same = await sim.control.redeliver(botA.botId, first.messageId);
    const renamed = await sim.control.redeliver(botA.botId, first.messageId, { newId: true });
    const marker = await sim.control.sendText(botA.botId, 'erin@im.wechat', 'after');
    await waitFor(async () => (await handledCount(marker.messageId)) === 1, 'marker handled');
    expect(same.messageId).toBe(first.messageId);
    expect(renamed.messageId).not.toBe(first.messageId);
    const { rows } = await db.query<{ n: string }>(
      "SELECT count(*) AS n FROM test_handled WHERE user_id = 'erin@im.wechat' AND text = 'only once'",
    );
    expect(Number(rows[0]!.n)).toBe(1);
    expect(await handledCount(renamed.messageId)).toBe(0);
  });

  it('keeps one user in order while users run concurrently', async () => {
    const sends: { messageId: string }[] = [];
    for (let i = 0; i < 20; i++) {
      sends.push(await sim.control.sendText(botA.botId, `order${i % 4}@im.wechat`, `n${i}`));
    }
    await waitFor(
      async () =>
        (await Promise.all(sends.map((s) => handledCount(s.messageId)))).every((n) => n === 1),
      'all ordered messages handled',
    );
    for (let u = 0; u < 4; u++) {
      const { rows } = await db.query<{ text: string }>(
        'SELECT text FROM test_handled WHERE user_id = $1 ORDER BY id',
        [`order${u}@im.wechat`],
      );
      const expected = sends
        .map((_, i) => i)
        .filter((i) => i % 4 === u)
        .map((i) => `n${i}`);
      expect(rows.map((r) => r.text)).toEqual(expected);
    }
  });

  it('retries a failing handler, dead-letters it with an event, and a replay handles it', async () => {
    const { messageId } = await sim.control.sendText(botA.botId, 'gina@im.wechat', 'explode');
    const listener = app.get(FailedListener);
    const failed = await waitFor(
      () => listener.events.find((e) => e.messageId === messageId),
      'dead-letter event',
    );
    expect(failed.attempts).toBe(3);
    expect(failed.error).toContain('handler bug');
    const dead = await db.query('SELECT status FROM weixin_inbox WHERE message_id = $1', [
      messageId,
    ]);
    expect(dead.rows[0].status).toBe('dead');
    expect(await texts(botA, 'gina@im.wechat')).not.toContain('fixed now');

    flakyFixed = true;
    await db.query(
      "UPDATE weixin_inbox SET status = 'pending', attempts = 0 WHERE message_id = $1",
      [messageId],
    );
    await app.get(PollingService).sweep();
    await waitFor(
      async () => (await texts(botA, 'gina@im.wechat')).includes('fixed now'),
      'replayed dead letter handled',
    );
  });

  it('does not run a replayed row again once it was handled (the replay re-checks it)', async () => {
    const { messageId } = await sim.control.sendText(
      botA.botId,
      'vip@im.wechat',
      'plain: once please',
    );
    await waitFor(() => seen.includes('vip:plain: once please'), 'vip handler ran');
    await waitFor(async () => {
      const r = await db.query('SELECT status FROM weixin_inbox WHERE message_id = $1', [
        messageId,
      ]);
      return r.rows[0]?.status === 'done';
    }, 'row acknowledged');
    const { rows } = await db.query(
      'SELECT id::text AS id, account_id, message_id, user_id, payload, attempts, status FROM weixin_inbox WHERE message_id = $1',
      [messageId],
    );
    const stale = {
      id: rows[0].id,
      accountId: rows[0].account_id,
      messageId: rows[0].message_id,
      userId: rows[0].user_id,
      payload: rows[0].payload,
      attempts: rows[0].attempts,
      status: 'pending' as const,
    };
    const dispatcher = app.get(InboxDispatcher);
    // The row is done in the database; its run here ends once its reply is sent.
    await waitFor(() => dispatcher.pendingCount(botA.botId) === 0, 'the first run ended');
    const runs = () => seen.filter((x) => x === 'vip:plain: once please').length;
    // A stale read of the row (as a replay racing its completion would see it) does nothing...
    expect(dispatcher.dispatch(botA.botId, [stale], true)).toBe(1);
    await waitFor(() => dispatcher.pendingCount(botA.botId) === 0, 'replayed row settled');
    expect(runs()).toBe(1);
    // ...while the same stale row without the re-check would run the handler again.
    dispatcher.dispatch(botA.botId, [stale], false);
    await waitFor(() => runs() === 2, 'unchecked stale row ran again');
  });

  it('on -14 marks the account needs_relogin, emits the event, stops it, and others go on', async () => {
    await sim.control.expireSession(botB.botId);
    const listener = app.get(ExpiryListener);
    await waitFor(() => listener.events.find((e) => e.accountId === botB.botId), 'expiry event');
    const polling = app.get(PollingService);
    expect(polling.isPolling(botB.botId)).toBe(false);
    expect(polling.status(botB.botId)?.stopReason).toBe('session-expired');
    const account = await app.get(WeixinAccountsService).get(botB.botId);
    expect(account.state).toBe('needs_relogin');
    const { messageId } = await sim.control.sendText(botA.botId, 'frank@im.wechat', 'still here');
    await waitFor(async () => (await handledCount(messageId)) === 1, 'other account still handled');
  });
});
