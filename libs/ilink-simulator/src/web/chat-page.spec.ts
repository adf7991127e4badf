import { startSimulator, type IlinkSimulator, type SimBot } from '../index.js';
import { BASE_INFO, postHeaders } from '../testing/raw-ilink.js';
import { CHAT_PAGE_HTML } from './chat-page.html.js';

/** The smallest element the page's script uses: a tree with text, classes and handlers. */
class El {
  children: El[] = [];
  className = '';
  #text = '';
  value = '';
  checked = false;
  type = '';
  href = '';
  src = '';
  onclick?: () => void;
  onchange?: () => void;
  onmousedown?: (e: { preventDefault(): void }) => void;
  constructor(readonly tag: string) {}
  get textContent(): string {
    return this.#text;
  }
  /** As in the DOM, setting the text replaces the children. */
  set textContent(text: string) {
    this.#text = text;
    this.children = [];
  }
  set innerHTML(_html: string) {
    this.children = [];
  }
  appendChild(child: El): El {
    this.children.push(child);
    // A <select> shows its first option until another is chosen.
    if (child.tag === 'option' && this.value === '') this.value = child.value;
    return child;
  }
  focus(): void {}
  /** Every element below this one, depth first. */
  all(): El[] {
    return this.children.flatMap((c) => [c, ...c.all()]);
  }
  /** Own text and that of every descendant. */
  text(): string {
    return this.#text + this.children.map((c) => c.text()).join('');
  }
}

const USER = 'o9cq8webchat@im.wechat';

/**
 * Runs the chat page's script against a stub DOM and the real simulator: what it renders of
 * quotes and progress items, and what a person's quote (full, id only, a selected part) sends.
 * (Layout at phone width needs a browser; this checks the page's logic.)
 */
describe('chat page script', () => {
  let sim: IlinkSimulator;
  let bot: SimBot;
  let helloId: string;
  const elements = new Map<string, El>();
  let selection = '';

  const el = (id: string): El => {
    let e = elements.get(id);
    if (!e) {
      e = new El(id);
      elements.set(id, e);
    }
    return e;
  };
  /** Waits until `probe` holds, 15 s at most (a loaded machine can be slow; the page is not). */
  const settle = async (probe: () => boolean, what: string): Promise<void> => {
    const deadline = Date.now() + 15_000;
    while (!probe() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    if (!probe()) throw new Error(`page never showed ${what} (${el('status').textContent})`);
  };
  const feedEntry = async (text: string) => {
    const url = `${sim.baseUrl}_control/conversation?botId=${encodeURIComponent(bot.botId)}&userId=${encodeURIComponent(USER)}`;
    const feed = (await (await fetch(url)).json()) as {
      result: { entries: { text?: string; quote?: Record<string, unknown> }[] };
    };
    return feed.result.entries.find((e) => e.text === text);
  };
  /** Reloads the conversation as choosing the bot again does, and waits until it shows `text`. */
  const refreshPage = async (text: string): Promise<void> => {
    el('log').children = [];
    el('bot').onchange?.();
    const shown = () => el('log').children.some((r) => r.text().includes(text));
    await settle(shown, `"${text}" after a reload`);
  };

  beforeAll(async () => {
    sim = await startSimulator();
    bot = await sim.control.addBot();
    const hello = await sim.control.sendText(bot.botId, USER, 'hello bot, hello');
    helloId = hello.messageId;
    const send = (item: Record<string, unknown>) =>
      fetch(`${sim.baseUrl}ilink/bot/sendmessage`, {
        method: 'POST',
        headers: postHeaders(bot.token),
        body: JSON.stringify({
          msg: {
            from_user_id: '',
            to_user_id: USER,
            client_id: `page:${Math.random()}`,
            message_type: 2,
            message_state: 2,
            context_token: hello.contextToken,
            item_list: [item],
          },
          base_info: BASE_INFO,
        }),
      });
    await send({ type: 11, tool_call_start_item: { tool_name: 'think', tool_call_id: 't' } });
    await send({
      type: 12,
      tool_call_result_item: { tool_name: 'think', tool_call_id: 't', status: 'completed' },
    });
    await send({ type: 1, text_item: { text: 'an answer' }, ref_msg: { svr_id: helloId } });
    el('user').value = USER;
    const script = /<script>([\s\S]*)<\/script>/.exec(CHAT_PAGE_HTML)?.[1] ?? '';
    const document = {
      getElementById: el,
      createElement: (tag: string) => new El(tag),
      createTextNode: (text: string) => Object.assign(new El('#text'), { textContent: text }),
    };
    const window = { getSelection: () => selection };
    const pageFetch = (path: string, init?: RequestInit) => fetch(new URL(path, sim.baseUrl), init);
    const run = new Function('document', 'window', 'fetch', 'setInterval', 'FileReader', script);
    run(document, window, pageFetch, () => 0, undefined);
    // The script's first load picks the only bot.
    await settle(() => el('log').children.length > 0, 'the conversation');
  });

  afterAll(() => sim.close());

  it('shows progress items as pills and the quote inside a bubble, with the replies used', async () => {
    const rows = el('log').children;
    const pills = rows.filter((r) => r.className.includes('progress')).map((r) => r.text());
    expect(pills).toEqual(['\u2699 working on: think', '\u2713 think completed']);
    const answer = rows.find((r) => r.text().includes('an answer'))!;
    const quote = answer.all().find((c) => c.className === 'quote');
    expect(quote?.textContent).toBe('hello bot, hello');
    expect(el('quota').textContent).toBe('replies 3/10 (2 progress)');
  });

  it('quotes a message by id only, in full, or a selected part of it', async () => {
    const quoteButton = (): El =>
      el('log')
        .children.find((r) => r.text().includes('hello bot, hello'))!
        .all()
        .find((c) => c.className === 'quoteBtn')!;
    const sendWith = async (text: string, idOnly: boolean): Promise<void> => {
      el('idOnly').checked = idOnly;
      el('text').value = text;
      el('send').onclick?.();
      await settle(() => el('text').value === '', `"${text}" sent`);
    };

    quoteButton().onclick?.();
    expect(el('quoteBar').className).toBe('on');
    expect(el('quoteText').textContent).toBe('Quoting: hello bot, hello');
    await sendWith('by id', true);
    expect(el('quoteBar').className).toBe('');
    expect((await feedEntry('by id'))?.quote).toEqual({
      svrId: helloId,
      stored: { kind: 'text', text: 'hello bot, hello' },
    });

    await refreshPage('by id');
    quoteButton().onclick?.();
    await sendWith('in full', false);
    expect((await feedEntry('in full'))?.quote).toMatchObject({
      svrId: helloId,
      title: 'hello bot, hello',
      item: { kind: 'text', text: 'hello bot, hello' },
    });

    await refreshPage('in full');
    selection = 'bot, hello';
    quoteButton().onclick?.();
    expect(el('quoteText').textContent).toBe('Quoting: \u201cbot, hello\u201d of hello bot, hello');
    await sendWith('a part', false);
    expect((await feedEntry('a part'))?.quote).toMatchObject({
      svrId: helloId,
      partial: 'bot, hel…t, hello',
    });
    await refreshPage('a part');
    const shown = el('log').children.find((r) => r.text().includes('a part'))!;
    expect(shown.all().find((c) => c.className === 'quote')?.textContent).toBe(
      '\u201cbot, hel…t, hello\u201d hello bot, hello',
    );
  });
});
