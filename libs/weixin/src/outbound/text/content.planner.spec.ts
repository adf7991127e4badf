import { resolveOptions } from '../../options/resolve-options.js';
import { MessageItemType } from '../../protocol/index.js';
import { planContent, planProgress, progressItemOf, refMessageOf } from './content.planner.js';
import { WeixinInvalidContentError } from '../weixin-invalid-content.error.js';

const send = resolveOptions({
  encryption: { keys: { k: Buffer.alloc(32, 1).toString('base64') }, currentKeyId: 'k' },
  send: { maxTextChars: 20 },
}).send;

describe('outbound quotes', () => {
  it('puts ref_msg on the first part of a split text only', () => {
    const plan = planContent(
      {
        text: 'one two three four five six seven eight',
        quote: { svrId: '9007199254740993', text: 'hi' },
      },
      'a',
      'u',
      send,
    );
    expect(plan.messages.length).toBeGreaterThan(1);
    expect(plan.messages[0]!.item).toEqual({
      ref_msg: {
        svr_id: '9007199254740993',
        message_item: { type: MessageItemType.Text, text_item: { text: 'hi' } },
      },
    });
    expect(plan.messages.slice(1).every((m) => m.item === undefined)).toBe(true);
  });

  it.each([
    [{ svrId: '12a' }],
    [{ svrId: '018' }],
    [{ svrId: '18446744073709551616' }],
    [{ svrId: '1', title: 5 }],
    [{ svrId: '1', text: null }],
    [null],
    ['1'],
  ])('refuses the malformed quote %p', (quote) => {
    expect(() => refMessageOf(quote as never)).toThrow(WeixinInvalidContentError);
  });
});

describe('progress items', () => {
  it('builds a start item (11) without status and a result item (12) with one', () => {
    expect(progressItemOf({ tool: 'search', callId: 'c1' }, 5)).toEqual({
      type: MessageItemType.ToolCallStart,
      create_time_ms: 5,
      is_completed: false,
      tool_call_start_item: { tool_name: 'search', tool_call_id: 'c1' },
    });
    expect(progressItemOf({ tool: 'search', callId: 'c1', status: 'failed' }, 6)).toEqual({
      type: MessageItemType.ToolCallResult,
      create_time_ms: 6,
      is_completed: true,
      tool_call_result_item: { tool_name: 'search', tool_call_id: 'c1', status: 'failed' },
    });
    expect(planProgress({ tool: 't', callId: 'c' })).toMatchObject({ kind: 'progress', parts: 1 });
  });

  it.each([
    [{ tool: '', callId: 'c' }],
    [{ tool: '   ', callId: 'c' }],
    [{ tool: 'x'.repeat(257), callId: 'c' }],
    [{ tool: 't', callId: '' }],
    [{ tool: 't', callId: 'c'.repeat(129) }],
    [{ tool: 't\u0000', callId: 'c' }],
    [{ tool: 't', callId: 'c', status: 'done' }],
    [{ tool: 7, callId: 'c' }],
    [undefined],
  ])('refuses the malformed step %p', (step) => {
    expect(() => progressItemOf(step as never)).toThrow(WeixinInvalidContentError);
  });
});
