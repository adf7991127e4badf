import { MessageState, MessageType } from '../protocol/enums.js';
import { ILINK_PATHS } from '../protocol/ilink-endpoints.js';
import { parseIlinkJson } from '../protocol/lossless-json.js';
import type { GetUpdatesResponse, SendMessageResponse } from '../protocol/wire.types.js';
import { generateClientId } from './client-id.js';
import { IlinkClientMessages } from './errors/ilink-client.messages.js';
import { IlinkHttpStatusError } from './errors/ilink-http-status.error.js';
import { IlinkInvalidRequestError } from './errors/ilink-invalid-request.error.js';
import { IlinkTransportError } from './errors/ilink-transport.error.js';
import { postAuthenticated, type IlinkCallContext } from './ilink-call.context.js';
import type { IlinkAccount, IlinkCallOptions } from './ilink-client.options.js';
import type { OutboundMessage, SendMessageResult } from './ilink-client.types.js';
import { mediaParams, secretsOf } from './request-secrets.util.js';

/** HTTP statuses of proxies whose own timeout ended a long poll (protocol §8.4, #44). */
const PROXY_TIMEOUT_STATUSES = new Set([504, 524]);

/** `getupdates`, ids parsed losslessly (see `IlinkClient.getUpdates`). */
export async function getUpdates(
  ctx: IlinkCallContext,
  account: IlinkAccount,
  cursor: string,
  options: IlinkCallOptions,
): Promise<GetUpdatesResponse> {
  try {
    const body = await postAuthenticated(
      ctx,
      'getupdates',
      account,
      ILINK_PATHS.getupdates,
      { get_updates_buf: cursor },
      { timeoutMs: options.timeoutMs ?? ctx.timeouts.getUpdates, signal: options.signal },
      parseIlinkJson,
    );
    return body as GetUpdatesResponse;
  } catch (error) {
    const emptyPoll =
      (error instanceof IlinkTransportError && error.deadlineExpired) ||
      (error instanceof IlinkHttpStatusError && PROXY_TIMEOUT_STATUSES.has(error.status));
    if (emptyPoll) return { ret: 0, msgs: [], get_updates_buf: cursor };
    throw error;
  }
}

/** `sendmessage` of one item (see `IlinkClient.sendMessage`). */
export async function sendMessage(
  ctx: IlinkCallContext,
  account: IlinkAccount,
  msg: OutboundMessage,
  options: IlinkCallOptions,
): Promise<SendMessageResult> {
  const items = Array.isArray(msg.item_list) ? msg.item_list.length : 0;
  if (items !== 1) throw new IlinkInvalidRequestError(IlinkClientMessages.oneItemRequired(items));
  if (!msg.to_user_id) throw new IlinkInvalidRequestError(IlinkClientMessages.toUserRequired());
  const clientId = msg.client_id || generateClientId();
  const body = await postAuthenticated(
    ctx,
    'sendmessage',
    account,
    ILINK_PATHS.sendmessage,
    {
      msg: {
        ...msg,
        from_user_id: '',
        client_id: clientId,
        message_type: MessageType.Bot,
        message_state: MessageState.Finish,
      },
    },
    {
      timeoutMs: options.timeoutMs ?? ctx.timeouts.sendMessage,
      signal: options.signal,
      secrets: secretsOf(msg.context_token, mediaParams(msg.item_list)),
    },
    parseIlinkJson,
  );
  const messageId = (body as SendMessageResponse).message_id as unknown;
  return {
    messageId:
      typeof messageId === 'string' || typeof messageId === 'number'
        ? String(messageId)
        : undefined,
    clientId,
  };
}
