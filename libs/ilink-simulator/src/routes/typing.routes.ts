import { type RequestContext } from '../http/request-context.js';
import { ilinkError } from '../http/reply.js';
import { type BotRecord } from '../state/bot-registry.js';
import { type AuthedEndpoint, type EndpointAnswer } from './ilink-endpoint.js';

/**
 * An authenticated POST about one user of the bot: refused with -2 when the body names no
 * `ilink_user_id`, else handled with that user's id.
 */
function perUserEndpoint(
  handle: (
    ctx: RequestContext,
    body: Record<string, unknown>,
    bot: BotRecord,
    userId: string,
  ) => EndpointAnswer,
): AuthedEndpoint {
  return {
    methods: ['POST'],
    auth: true,
    async handle(ctx, body, bot) {
      const userId = body.ilink_user_id;
      if (typeof userId !== 'string' || userId === '') {
        return ilinkError(-2, 'ilink_user_id required');
      }
      return handle(ctx, body, bot, userId);
    },
  };
}

/**
 * `POST ilink/bot/getconfig` (protocol §11.1): a fresh `typing_ticket` for (bot, user), valid for
 * `ticketTtlMs` of simulator time; counts the call for `typing().getconfigCalls`.
 */
export const getConfigEndpoint = perUserEndpoint(({ state }, _body, bot, userId) => {
  const ticket = state.typing.issueTicket(
    bot.botId,
    userId,
    state.clock.now(),
    state.options.ticketTtlMs,
  );
  return { ret: 0, errmsg: '', typing_ticket: ticket };
});

/**
 * `POST ilink/bot/sendtyping` (protocol §11.2): needs `ilink_user_id`, a valid ticket of that user
 * and `status` 1 (typing) or 2 (cancel); the community field `command` is not accepted.
 */
export const sendTypingEndpoint = perUserEndpoint(({ state }, body, bot, userId) => {
  const status = body.status;
  if (status !== 1 && status !== 2)
    return ilinkError(-2, 'status must be 1 (typing) or 2 (cancel)');
  const ticket = body.typing_ticket;
  const now = state.clock.now();
  if (typeof ticket !== 'string' || !state.typing.isValid(bot.botId, userId, ticket, now)) {
    return ilinkError(-2, 'typing_ticket invalid or expired');
  }
  state.typing.addEvent(bot.botId, userId, status, ticket, now);
  return { ret: 0, errmsg: '' };
});
