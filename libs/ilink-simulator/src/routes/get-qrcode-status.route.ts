import { abortableSleep } from '../http/abortable-sleep.js';
import { type RequestContext } from '../http/request-context.js';
import { ilinkError } from '../http/reply.js';
import { type WireObject } from '../protocol/uint64-json.js';
import { DEFAULT_MAX_WRONG_CODES, DEFAULT_VERIFY_CODE, type QrSession } from '../qr/qr-sessions.js';
import { type EndpointAnswer, type OpenEndpoint } from './ilink-endpoint.js';

/**
 * `GET ilink/bot/get_qrcode_status?qrcode=…[&verify_code=…]` (protocol §6.2-6.3): answers the next
 * step of the QR's script. An unknown `qrcode` answers `expired` (the client then fetches a new QR).
 */
export const getQrcodeStatusEndpoint: OpenEndpoint = {
  methods: ['GET'],
  auth: false,
  async handle(ctx) {
    const qrcode = ctx.url.searchParams.get('qrcode');
    if (!qrcode) return ilinkError(-2, 'qrcode required');
    const session = ctx.state.qr.get(qrcode);
    if (!session) return { status: 'expired' };
    if (session.redirected && ctx.listener === 'main') {
      return { status: 'scaned_but_redirect', redirect_host: ctx.state.addresses.redirectHost };
    }
    return answerStep(ctx, session);
  },
};

async function answerStep(ctx: RequestContext, session: QrSession): Promise<EndpointAnswer> {
  if (session.final) return session.final;
  const step = session.script.steps[session.index];
  switch (step) {
    case undefined:
    case 'wait': {
      const held = await abortableSleep(ctx.state.options.qrPollHoldMs, ctx.signal);
      if (!held && !ctx.state.closing.aborted) return undefined;
      if (step === 'wait' && held) session.index++;
      return { status: 'wait' };
    }
    case 'scaned':
      session.index++;
      return { status: 'scaned' };
    case 'need_verifycode':
      return verifyCode(ctx, session);
    case 'expired':
      return finish(session, { status: 'expired' });
    case 'binded_redirect':
      return finish(session, { status: 'binded_redirect' });
    case 'scaned_but_redirect':
      session.index++;
      session.redirected = true;
      return { status: 'scaned_but_redirect', redirect_host: ctx.state.addresses.redirectHost };
    case 'confirmed':
      return finish(session, confirm(ctx, session));
  }
}

async function verifyCode(ctx: RequestContext, session: QrSession): Promise<EndpointAnswer> {
  const code = ctx.url.searchParams.get('verify_code');
  if (code === null || code === '') return { status: 'need_verifycode' };
  if (code === (session.script.verifyCode ?? DEFAULT_VERIFY_CODE)) {
    session.index++;
    return answerStep(ctx, session);
  }
  session.wrongCodes++;
  if (session.wrongCodes >= (session.script.maxWrongCodes ?? DEFAULT_MAX_WRONG_CODES)) {
    return finish(session, { status: 'verify_code_blocked' });
  }
  return { status: 'need_verifycode' };
}

function finish(session: QrSession, answer: WireObject): WireObject {
  session.final = answer;
  return answer;
}

/**
 * Issues the credentials of a confirmed login: a new bot, or a new token for `script.botId`. A user
 * can be bound to one bot only: another bot owned by the same user loses its session (-14), at once
 * or `bindingTakeoverMs` later.
 */
function confirm(ctx: RequestContext, session: QrSession): WireObject {
  const { state } = ctx;
  const { botId, ownerUserId } = session.script;
  const bot = state.bots.add({ botId, ownerUserId });
  for (const other of state.bots.list()) {
    if (other !== bot && other.ownerUserId === bot.ownerUserId && !other.sessionExpired) {
      const takeOver = (): void => {
        if (state.bots.list().includes(other)) other.sessionExpired = true;
        state.polls.notify(other.botId);
      };
      const delay = state.options.bindingTakeoverMs;
      if (delay > 0) setTimeout(takeOver, delay).unref();
      else takeOver();
    }
  }
  state.polls.notify(bot.botId);
  return {
    status: 'confirmed',
    bot_token: bot.token,
    ilink_bot_id: bot.botId,
    baseurl: state.addresses.baseUrl,
    ilink_user_id: bot.ownerUserId,
  };
}
