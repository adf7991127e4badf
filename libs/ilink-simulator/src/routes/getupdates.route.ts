import { bearerToken } from '../protocol/ilink-headers.js';
import { ilinkError } from '../http/reply.js';
import { toWireMessage } from '../inbound/inbound-wire.js';
import { decodeCursor, encodeCursor } from '../protocol/cursor.js';
import { type AuthedEndpoint } from './ilink-endpoint.js';

/**
 * `POST ilink/bot/getupdates` (protocol §8): answers the messages after the cursor's position at
 * once, else holds the request until one arrives or `longPollTimeoutMs` passes. A cursor from an
 * earlier incarnation of the bot (after `reset()`) starts from the beginning; a value the simulator
 * never issued is refused with `-2`.
 */
export const getUpdatesEndpoint: AuthedEndpoint = {
  methods: ['POST'],
  auth: true,
  async handle(ctx, body, bot) {
    const { state } = ctx;
    const { longPollTimeoutMs, maxBatch } = state.options;
    const sent = body.get_updates_buf ?? '';
    if (typeof sent !== 'string') return ilinkError(-2, 'get_updates_buf must be a string');
    let position = 0;
    let sameCursor = sent;
    if (sent !== '') {
      const cursor = decodeCursor(sent);
      if (!cursor) return ilinkError(-2, 'invalid get_updates_buf');
      if (cursor.epoch === bot.epoch) position = cursor.seq;
      else sameCursor = encodeCursor(bot.epoch, 0);
    } else {
      sameCursor = encodeCursor(bot.epoch, 0);
    }

    const endPoll = state.polls.begin(bot.botId);
    ctx.res.once('close', endPoll);
    const token = bearerToken(ctx.req.headers);
    const deadline = Date.now() + longPollTimeoutMs;
    try {
      for (;;) {
        if (state.bots.authenticate(token) !== bot) return ilinkError(-14, 'session timeout');
        const records = state.inbound.after(bot.botId, position, maxBatch);
        if (records.length > 0) {
          return {
            ret: 0,
            errmsg: '',
            msgs: records.map(toWireMessage),
            get_updates_buf: encodeCursor(bot.epoch, records[records.length - 1].seq),
            longpolling_timeout_ms: longPollTimeoutMs,
          };
        }
        const remaining = deadline - Date.now();
        if (remaining <= 0 || state.closing.aborted) {
          return {
            ret: 0,
            errmsg: '',
            msgs: [],
            get_updates_buf: sameCursor,
            longpolling_timeout_ms: longPollTimeoutMs,
          };
        }
        const outcome = await state.polls.wait(bot.botId, remaining, ctx.signal);
        if (outcome === 'aborted' && !state.closing.aborted) return undefined;
      }
    } finally {
      endPoll();
    }
  },
};
