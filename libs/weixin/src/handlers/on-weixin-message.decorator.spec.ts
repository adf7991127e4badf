import type { WeixinMessageFilter } from '../interfaces/weixin-message-filter.interface.js';
import {
  WEIXIN_ARGS_METADATA,
  WEIXIN_MESSAGE_FILTERS_METADATA,
} from '../declarations/declarations.constants.js';
import { OnWeixinMessage } from './on-weixin-message.decorator.js';
import { WeixinHandlerError } from '../errors/weixin-handler.error.js';

function filtersOf(method: unknown): WeixinMessageFilter[] | undefined {
  return Reflect.getMetadata(WEIXIN_MESSAGE_FILTERS_METADATA, method as object) as
    WeixinMessageFilter[] | undefined;
}

function decorate(filter: unknown): () => void {
  return () => {
    class Handlers {
      @OnWeixinMessage(filter as WeixinMessageFilter)
      onMessage(): void {}
    }
    return Handlers;
  };
}

describe('@OnWeixinMessage', () => {
  it('appends one normalised filter per decorator', () => {
    class Handlers {
      @OnWeixinMessage({ kind: 'text', from: 'a@im.wechat' })
      @OnWeixinMessage()
      @OnWeixinMessage({ text: / hi /gy, account: ['b1', 'b2'], typing: true })
      onMessage(): void {}
    }
    const filters = filtersOf(Handlers.prototype.onMessage);
    expect(filters).toHaveLength(3);
    expect(filters).toContainEqual({ kind: ['text'], from: ['a@im.wechat'] });
    expect(filters).toContainEqual({});
    const withText = filters?.find((f) => f.text);
    expect(withText?.text).toEqual(/ hi /);
    expect((withText?.text as RegExp).flags).toBe('');
    expect(withText).toMatchObject({ account: ['b1', 'b2'], typing: true });
  });

  it('declares the context as parameter 0 once', () => {
    class Handlers {
      @OnWeixinMessage()
      @OnWeixinMessage({ kind: 'image' })
      onMessage(): void {}
    }
    expect(Reflect.getMetadata(WEIXIN_ARGS_METADATA, Handlers, 'onMessage')).toEqual({
      '0:0': { index: 0, data: undefined, pipes: [] },
    });
  });

  it('leaves undecorated methods without metadata', () => {
    class Handlers {
      plain(): void {}
    }
    expect(filtersOf(Handlers.prototype.plain)).toBeUndefined();
  });

  it('rejects an unknown kind, naming the method and the accepted kinds', () => {
    expect(decorate({ kind: ['text', 'sticker'] })).toThrow(WeixinHandlerError);
    expect(decorate({ kind: 'sticker' })).toThrow(
      "@OnWeixinMessage on Handlers#onMessage: unknown kind 'sticker'. Accepted kinds: 'text', 'image', 'voice', 'file', 'video'.",
    );
  });

  it.each([
    [{ form: 'a' }, 'unknown filter field "form"'],
    ['text', 'the filter must be an object'],
    [{ from: 42 }, 'filter field "from" must be a string, string[] or RegExp, got the number 42'],
    [{ account: [1] }, 'filter field "account" must be a string or string[]'],
    [{ account: [] }, 'filter field "account" is an empty list'],
    [{ kind: [] }, 'filter field "kind" is an empty list'],
    [{ text: 5 }, 'filter field "text" must be a string or RegExp'],
    [{ typing: 'yes' }, 'filter field "typing" must be a boolean or { channel?: string'],
    [
      { typing: { channel: 'cs' } },
      'filter field "typing" must be a "to" function with channel "cs"',
    ],
    [{ typing: { channel: '' } }, 'filter field "typing" must be a boolean or { channel?: string'],
    [{ typing: { to: 'x' } }, 'filter field "typing" must be a boolean or { channel?: string'],
    [{ typing: { chanel: 'cs' } }, 'filter field "typing" must be a boolean or { channel?: string'],
  ])('rejects the filter %p', (filter, message) => {
    let error: unknown;
    try {
      decorate(filter)();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(WeixinHandlerError);
    expect((error as WeixinHandlerError).code).toBe('WEIXIN_INVALID_HANDLER');
    expect((error as Error).message).toContain('Handlers#onMessage');
    expect((error as Error).message).toContain(message);
  });

  it('rejects static methods', () => {
    expect(() => {
      class Handlers {
        @OnWeixinMessage()
        static onMessage(): void {}
      }
      return Handlers;
    }).toThrow('Handlers#onMessage: the decorator only applies to instance methods');
  });
});
