import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encode } from 'silk-wasm';
import { startSimulator } from './index.js';
import { BASE_INFO, postHeaders } from './testing/raw-ilink.js';
import { until } from './testing/until.js';

/** Opens a held getupdates with node:http (no client-side pooling limits); resolves on the answer or an error. */
function holdPoll(baseUrl: string, token: string): Promise<string> {
  return new Promise((resolve) => {
    const body = JSON.stringify({ get_updates_buf: '', base_info: BASE_INFO });
    const req = request(
      `${baseUrl}ilink/bot/getupdates`,
      { method: 'POST', headers: postHeaders(token), agent: false },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve(text));
        res.on('error', () => resolve('error'));
      },
    );
    req.on('error', () => resolve('error'));
    req.end(body);
  });
}

describe('startSimulator', () => {
  it('close() ends held long polls and returns quickly', async () => {
    const sim = await startSimulator({ longPollTimeoutMs: 60_000, qrPollHoldMs: 60_000 });
    const bot = await sim.control.addBot();
    const polls = Array.from({ length: 20 }, () => holdPoll(sim.baseUrl, bot.token));
    await until(async () => (await sim.control.pollers(bot.botId)).active === 20);
    const started = Date.now();
    await sim.close();
    // The polls are held for 60 s: a close that waited for them would take that long.
    expect(Date.now() - started).toBeLessThan(10_000);
    const answers = await Promise.all(polls);
    expect(answers).toHaveLength(20);
    await sim.close();
  });

  it('holds 1,000 idle long polls and releases them all', async () => {
    const sim = await startSimulator({ longPollTimeoutMs: 60_000 });
    try {
      const bots = await Promise.all(Array.from({ length: 1_000 }, () => sim.control.addBot()));
      const polls = bots.map((bot) => holdPoll(sim.baseUrl, bot.token));
      await until(async () => {
        const open = await Promise.all(bots.map((bot) => sim.control.pollers(bot.botId)));
        return open.every((p) => p.active === 1);
      }, 100);
      await Promise.all(
        bots.map((bot) => sim.control.sendText(bot.botId, 'o9cq8x@im.wechat', 'wake')),
      );
      const answers = await Promise.all(polls);
      expect(answers.filter((text) => text.includes('"wake"'))).toHaveLength(1_000);
    } finally {
      await sim.close();
    }
  }, 30_000);

  it('removes its temporary folder on close and keeps a given dataDir', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ilink-sim-spec-'));
    try {
      const sim = await startSimulator({ dataDir });
      await sim.close();
      expect(existsSync(dataDir)).toBe(true);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('serves the web chat page and its conversation feed', async () => {
    const sim = await startSimulator();
    try {
      const page = await fetch(sim.baseUrl);
      expect(page.headers.get('content-type')).toMatch(/text\/html/);
      expect(await page.text()).toContain('/_control/conversation');
      const bot = await sim.control.addBot();
      await sim.control.sendFile(bot.botId, 'o9cq8web@im.wechat', Buffer.from('file body'), {
        fileName: 'a.txt',
      });
      const bots = (await (await fetch(`${sim.baseUrl}_control/bots`)).json()) as {
        result: { botId: string }[];
      };
      expect(bots.result.map((b) => b.botId)).toEqual([bot.botId]);
      const feed = (await (
        await fetch(
          `${sim.baseUrl}_control/conversation?botId=${encodeURIComponent(bot.botId)}&userId=${encodeURIComponent('o9cq8web@im.wechat')}`,
        )
      ).json()) as { result: { typing: string; entries: { kind: string; mediaUrl: string }[] } };
      expect(feed.result.typing).toBe('idle');
      expect(feed.result.entries).toHaveLength(1);
      expect(feed.result.entries[0].kind).toBe('file');
      const media = await fetch(new URL(feed.result.entries[0].mediaUrl, sim.baseUrl));
      expect(await media.text()).toBe('file body');
    } finally {
      await sim.close();
    }
  });

  it('shows voice bubbles: the feed links each voice to a WAV decoded from its SILK', async () => {
    const sim = await startSimulator();
    try {
      const bot = await sim.control.addBot();
      const user = 'o9cq8voice@im.wechat';
      const pcm = new Uint8Array(24_000 * 2); // one second of silence at 24 kHz
      const { data: silk } = await encode(pcm, 24_000);
      await sim.control.sendVoice(bot.botId, user, Buffer.from(silk), { transcript: 'hello' });
      const feed = (await (
        await fetch(
          `${sim.baseUrl}_control/conversation?botId=${encodeURIComponent(bot.botId)}&userId=${encodeURIComponent(user)}`,
        )
      ).json()) as { result: { entries: { kind: string; voiceUrl: string; text: string }[] } };
      const [voice] = feed.result.entries;
      expect(voice).toMatchObject({ kind: 'voice', text: 'hello' });
      const wav = await fetch(new URL(voice!.voiceUrl, sim.baseUrl));
      expect(wav.headers.get('content-type')).toBe('audio/wav');
      const bytes = Buffer.from(await wav.arrayBuffer());
      expect(bytes.toString('latin1', 0, 4)).toBe('RIFF');
      expect(bytes.readUInt32LE(24)).toBe(24_000);
      expect(Math.abs(bytes.length - 44 - 48_000)).toBeLessThanOrEqual(2_400);
      const page = await (await fetch(sim.baseUrl)).text();
      expect(page).toContain("document.createElement('audio')");
      expect(page).toContain("control('setVoiceOut', [e.target.value])");
    } finally {
      await sim.close();
    }
  });

  it('injects full, id-only and partial quotes and shows quotes and progress on the chat feed', async () => {
    const sim = await startSimulator();
    try {
      const user = 'o9cq8quote@im.wechat';
      const bot = await sim.control.addBot();
      const original = await sim.control.sendText(bot.botId, user, 'one two one two three');
      const reply = await fetch(`${sim.baseUrl}ilink/bot/sendmessage`, {
        method: 'POST',
        headers: postHeaders(bot.token),
        body: JSON.stringify({
          msg: {
            from_user_id: '',
            to_user_id: user,
            client_id: 'spec:1',
            message_type: 2,
            message_state: 2,
            context_token: original.contextToken,
            item_list: [
              { type: 11, tool_call_start_item: { tool_name: 'think', tool_call_id: 't1' } },
            ],
          },
          base_info: BASE_INFO,
        }),
      });
      expect(((await reply.json()) as { ret: number }).ret).toBe(0);
      await sim.control.sendText(bot.botId, user, 'full', {
        quote: { svrId: original.messageId, full: true },
      });
      await sim.control.sendText(bot.botId, user, 'partial', {
        quote: { svrId: original.messageId, partial: { from: 8, to: 21 } },
      });
      await expect(
        sim.control.sendText(bot.botId, user, 'x', { quote: { svrId: '5', full: true } }),
      ).rejects.toThrow(/has no message 5/);
      await expect(
        sim.control.sendText(bot.botId, user, 'x', {
          quote: { svrId: original.messageId, partial: { from: 3, to: 99 } },
        }),
      ).rejects.toThrow(/from\/to/);
      const poll = await fetch(`${sim.baseUrl}ilink/bot/getupdates`, {
        method: 'POST',
        headers: postHeaders(bot.token),
        body: JSON.stringify({ get_updates_buf: '', base_info: BASE_INFO }),
      });
      const text = await poll.text();
      expect(text).toContain(`"svr_id":${original.messageId}`);
      expect(text).toContain('"title":"one two one two three"');
      // "one two three" from offset 8: start "one two " is its 2nd occurrence (index 1).
      expect(text).toContain(
        '"partial_text":{"start":"one two ","end":"wo three","startindex":1,"endindex":0,' +
          `"quotemd5":"${createHash('md5').update('one two three').digest('hex')}"}`,
      );
      const feed = (await (
        await fetch(
          `${sim.baseUrl}_control/conversation?botId=${encodeURIComponent(bot.botId)}&userId=${encodeURIComponent(user)}`,
        )
      ).json()) as {
        result: {
          entries: Record<string, unknown>[];
          quota: { accepted: number; progress: number };
        };
      };
      const entries = feed.result.entries;
      expect(entries.find((e) => e.kind === 'progress')).toMatchObject({
        dir: 'out',
        phase: 'start',
        text: 'think',
      });
      expect(entries.find((e) => e.text === 'full')).toMatchObject({
        messageId: expect.any(String),
        quote: { svrId: original.messageId, item: { kind: 'text', text: 'one two one two three' } },
      });
      expect(entries.find((e) => e.text === 'partial')).toMatchObject({
        quote: { svrId: original.messageId, partial: 'one two …wo three' },
      });
      expect(feed.result.quota).toMatchObject({ accepted: 0, progress: 0 });
      const page = await (await fetch(sim.baseUrl)).text();
      expect(page).toContain('id="quoteBar"');
      // The page's script parses.
      const script = /<script>([\s\S]*)<\/script>/.exec(page)?.[1] ?? '';
      expect(() => new Function(script)).not.toThrow();
    } finally {
      await sim.close();
    }
  });

  it('accepts control POSTs only as application/json (no simple cross-site form posts)', async () => {
    const sim = await startSimulator();
    try {
      const call = (headers: Record<string, string>) =>
        fetch(`${sim.baseUrl}_control/addBot`, {
          method: 'POST',
          headers,
          body: Buffer.from(JSON.stringify({ args: [] })),
        });
      const asForm = await call({ 'Content-Type': 'text/plain' });
      expect(asForm.status).toBe(415);
      expect((await call({})).status).toBe(415);
      const bots = (await (await fetch(`${sim.baseUrl}_control/bots`)).json()) as {
        result: unknown[];
      };
      expect(bots.result).toEqual([]);
      const asJson = await call({ 'Content-Type': 'application/json; charset=utf-8' });
      expect(asJson.status).toBe(200);
      // The web page posts JSON, so it keeps working.
      expect(await (await fetch(sim.baseUrl)).text()).toContain(
        "headers: { 'Content-Type': 'application/json' }",
      );
    } finally {
      await sim.close();
    }
  });

  it('refuses a control body above 64 MiB with HTTP 413', async () => {
    const sim = await startSimulator();
    try {
      const response = await fetch(`${sim.baseUrl}_control/addBot`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: Buffer.alloc(64 * 1024 * 1024 + 1, 0x20),
      });
      expect(response.status).toBe(413);
    } finally {
      await sim.close();
    }
  });
});
