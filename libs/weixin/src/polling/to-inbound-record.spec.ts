import { MessageType, type WeixinMessage } from '../protocol/index.js';
import { isInboundUserMessage } from './to-inbound-record.js';

const BOT = 'b1@im.bot';
const msg = (more: Partial<WeixinMessage>): WeixinMessage => ({
  from_user_id: 'u@im.wechat',
  message_type: MessageType.User,
  ...more,
});

describe('isInboundUserMessage', () => {
  it("keeps a user's direct message", () => {
    expect(isInboundUserMessage(msg({}), BOT)).toBe(true);
  });

  it("drops the bot's own echoes whatever the group setting", () => {
    for (const groups of [false, true]) {
      expect(isInboundUserMessage(msg({ message_type: MessageType.Bot }), BOT, groups)).toBe(false);
      expect(isInboundUserMessage(msg({ from_user_id: BOT }), BOT, groups)).toBe(false);
      expect(isInboundUserMessage(msg({ from_user_id: '' }), BOT, groups)).toBe(false);
    }
  });

  it('drops group messages unless asked to deliver them', () => {
    expect(isInboundUserMessage(msg({ group_id: 'g@chatroom' }), BOT)).toBe(false);
    expect(isInboundUserMessage(msg({ group_id: 'g@chatroom' }), BOT, true)).toBe(true);
  });
});
