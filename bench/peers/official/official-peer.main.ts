/**
 * The official client as a benchmark peer, in its own process (forked by
 * `official-peer.driver.ts`). Each account starts as its channel starts one (`notifyStart`,
 * failures ignored), then runs the sequential loop of the client's monitor
 * (`dist/src/monitor/monitor.js`): `getUpdates` → save the sync buffer → for each message, the
 * handler, then `sendMessageWeixin` for its reply. Left out of that loop, each of which would
 * only make the official side slower: the per-user `getconfig` (typing ticket), the INFO log line
 * per inbound message, and OpenClaw's agent dispatch. Driven over IPC (`official-peer.types.ts`).
 */
import { setMaxListeners } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { forceGc } from '../../support/force-gc.js';
import { OldGenerationGarbageMeter } from '../../support/old-generation-garbage.js';
import { importOfficialClient, type OfficialWeixinMessage } from './official-client.loader.js';
import type {
  OfficialLoopOptions,
  OfficialPeerRequest,
  OfficialPeerResponse,
  OfficialPeerStats,
  OfficialSendBurst,
} from './official-peer.types.js';

const { api, send, syncBuf } = await importOfficialClient();

let handled = 0;
let garbage: OldGenerationGarbageMeter | undefined;
let loops: { abort: AbortController; done: Promise<void> } | undefined;
const waiters: { count: number; resolve(): void }[] = [];

function countHandled(): void {
  handled += 1;
  for (const waiter of [...waiters]) {
    if (handled >= waiter.count) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve();
    }
  }
}

function textOf(message: OfficialWeixinMessage): string {
  return message.item_list?.find((item) => item.text_item?.text != null)?.text_item?.text ?? '';
}

/** One account's monitor loop, until `signal` aborts. */
async function monitor(
  options: OfficialLoopOptions,
  account: { id: string; token: string },
  signal: AbortSignal,
): Promise<void> {
  // Its channel's account start: `notifyStart`, failures ignored, then the monitor.
  await api.notifyStart({ baseUrl: options.baseUrl, token: account.token }).catch(() => undefined);
  const syncFilePath = syncBuf.getSyncBufFilePath(account.id);
  let buf = '';
  let timeoutMs = options.longPollTimeoutMs;
  while (!signal.aborted) {
    try {
      const resp = await api.getUpdates({
        baseUrl: options.baseUrl,
        token: account.token,
        get_updates_buf: buf,
        timeoutMs,
        abortSignal: signal,
      });
      if (resp.longpolling_timeout_ms != null && resp.longpolling_timeout_ms > 0)
        timeoutMs = resp.longpolling_timeout_ms;
      if ((resp.ret ?? 0) !== 0 || (resp.errcode ?? 0) !== 0) {
        await sleep(2_000, undefined, { signal }).catch(() => undefined);
        continue;
      }
      if (resp.get_updates_buf) {
        syncBuf.saveGetUpdatesBuf(syncFilePath, resp.get_updates_buf);
        buf = resp.get_updates_buf;
      }
      for (const message of resp.msgs ?? []) {
        if (options.handlerDelayMs > 0) await sleep(options.handlerDelayMs);
        if (options.reply) {
          await send.sendMessageWeixin({
            to: message.from_user_id ?? '',
            text: `echo: ${textOf(message)}`,
            opts: {
              baseUrl: options.baseUrl,
              token: account.token,
              contextToken: message.context_token,
              accountId: account.id,
            },
          });
        }
        countHandled();
      }
    } catch {
      if (!signal.aborted) await sleep(2_000, undefined, { signal }).catch(() => undefined);
    }
  }
}

/** Sends one after another, as the client's loop sends its replies. */
async function sendBurst(burst: OfficialSendBurst): Promise<{ ms: number; sent: number }> {
  const t0 = performance.now();
  let sent = 0;
  for (const target of burst.targets) {
    for (let i = 0; i < burst.perTarget; i++) {
      await send.sendMessageWeixin({
        to: target.to,
        text: `o${i}`,
        opts: {
          baseUrl: burst.baseUrl,
          token: burst.token,
          contextToken: target.contextToken,
          accountId: burst.accountId,
        },
      });
      sent += 1;
    }
  }
  return { ms: performance.now() - t0, sent };
}

function stats(): OfficialPeerStats {
  const cpu = process.cpuUsage();
  const memory = process.memoryUsage();
  return { handled, cpuMicros: cpu.user + cpu.system, rss: memory.rss, heapUsed: memory.heapUsed };
}

async function answer(request: OfficialPeerRequest): Promise<unknown> {
  switch (request.cmd) {
    case 'start': {
      if (loops) throw new Error('already started');
      const abort = new AbortController();
      // Every account's loop listens on this one signal (its monitor gets one per account).
      setMaxListeners(Infinity, abort.signal);
      const options = request.options;
      const done = Promise.all(
        options.accounts.map((account) => monitor(options, account, abort.signal)),
      ).then(() => undefined);
      loops = { abort, done };
      return null;
    }
    case 'stop': {
      if (loops) {
        loops.abort.abort();
        await loops.done;
        loops = undefined;
      }
      return null;
    }
    case 'stats':
      return stats();
    case 'waitHandled':
      if (handled < request.count)
        await new Promise<void>((resolve) => waiters.push({ count: request.count, resolve }));
      return stats();
    case 'sendBurst':
      return sendBurst(request.burst);
    case 'garbageStart':
      // As on our side: the garbage from before (loading the client) goes first.
      forceGc();
      garbage = new OldGenerationGarbageMeter();
      garbage.start();
      return null;
    case 'garbageStop': {
      if (!garbage) throw new Error('garbageStart first');
      forceGc();
      const freed = garbage.stop();
      garbage = undefined;
      return freed;
    }
  }
}

process.on('message', (request: OfficialPeerRequest) => {
  answer(request).then(
    (result) => process.send!({ id: request.id, ok: true, result } satisfies OfficialPeerResponse),
    (error: unknown) =>
      process.send!({
        id: request.id,
        ok: false,
        error: error instanceof Error ? error.message : String(error),
      } satisfies OfficialPeerResponse),
  );
});
process.on('disconnect', () => process.exit(0));
process.send!({ id: 0, ok: true, result: 'ready' } satisfies OfficialPeerResponse);
