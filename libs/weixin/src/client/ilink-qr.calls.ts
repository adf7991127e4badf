import { ILINK_PATHS } from '../protocol/ilink-endpoints.js';
import type { GetBotQrcodeResponse, GetQrcodeStatusResponse } from '../protocol/wire.types.js';
import { IlinkClientMessages } from './errors/ilink-client.messages.js';
import { IlinkHttpStatusError } from './errors/ilink-http-status.error.js';
import { IlinkMalformedResponseError } from './errors/ilink-malformed-response.error.js';
import { IlinkTransportError } from './errors/ilink-transport.error.js';
import { WeixinHostNotAllowedError } from './errors/weixin-host-not-allowed.error.js';
import type { IlinkCallContext } from './ilink-call.context.js';
import type { IlinkCallOptions, QrcodeStatusOptions } from './ilink-client.options.js';
import type { BotQrcode } from './ilink-client.types.js';
import { assertEnvelopeOk } from './ilink-envelope.js';
import { buildGetHeaders, buildPostHeaders } from './ilink-headers.js';
import type { IlinkCallInfo } from './ilink-http.js';
import { isBareHost, joinUrl } from './ilink-url.js';
import { secretsOf, tokenSecrets } from './request-secrets.util.js';
import { missingField, stringField } from './response-fields.util.js';

/** `get_bot_qrcode` (see `IlinkClient.getBotQrcode`). */
export async function getBotQrcode(
  ctx: IlinkCallContext,
  options: IlinkCallOptions & { localTokens?: string[] },
): Promise<BotQrcode> {
  const endpoint = 'get_bot_qrcode';
  const url = joinUrl(ctx.baseUrl, ILINK_PATHS.get_bot_qrcode, { bot_type: ctx.botType });
  const localTokens = (options.localTokens ?? []).slice(0, 10);
  const info: IlinkCallInfo = {
    endpoint,
    secrets: localTokens.flatMap((token) => tokenSecrets(token)),
  };
  const body = await ctx.http.json({
    ...info,
    method: 'POST',
    url,
    headers: buildPostHeaders(ctx.headerSettings),
    body: JSON.stringify({ local_token_list: localTokens }),
    timeoutMs: options.timeoutMs ?? ctx.timeouts.getBotQrcode,
    signal: options.signal,
  });
  assertEnvelopeOk(info, body);
  const answer = body as GetBotQrcodeResponse;
  const qrcode = stringField(answer.qrcode);
  const qrcodeImgContent = stringField(answer.qrcode_img_content);
  if (!qrcode) throw missingField(endpoint, 'qrcode');
  if (!qrcodeImgContent) throw missingField(endpoint, 'qrcode_img_content');
  return { qrcode, qrcodeImgContent };
}

/** `get_qrcode_status` (see `IlinkClient.getQrcodeStatus`). */
export async function getQrcodeStatus(
  ctx: IlinkCallContext,
  qrcode: string,
  options: QrcodeStatusOptions,
): Promise<GetQrcodeStatusResponse> {
  const endpoint = 'get_qrcode_status';
  const base = qrPollBase(ctx.baseUrl, options.redirectHost);
  const query: Record<string, string> = { qrcode };
  if (options.verifyCode) query['verify_code'] = options.verifyCode;
  const url = joinUrl(base, ILINK_PATHS.get_qrcode_status, query);
  try {
    const body = await ctx.http.json({
      endpoint,
      secrets: secretsOf(qrcode, options.verifyCode),
      method: 'GET',
      url,
      headers: buildGetHeaders(ctx.headerSettings),
      timeoutMs: options.timeoutMs ?? ctx.timeouts.getQrcodeStatus,
      signal: options.signal,
    });
    return body as GetQrcodeStatusResponse;
  } catch (error) {
    if (isQrWait(error)) return { status: 'wait' };
    throw error;
  }
}

/** The host QR polls go to: the redirect host (scheme of `baseUrl`), else `baseUrl`. */
function qrPollBase(baseUrl: URL, redirectHost: string | undefined): URL {
  const host = redirectHost?.trim();
  if (!host) return baseUrl;
  if (!isBareHost(host)) {
    throw new WeixinHostNotAllowedError(host, [], IlinkClientMessages.invalidRedirectHost());
  }
  return new URL(`${baseUrl.protocol}//${host}/`);
}

/** Whether a failed QR poll answers `wait` (protocol §6.3) rather than throwing. */
function isQrWait(error: unknown): boolean {
  if (error instanceof IlinkTransportError) return error.kind !== 'aborted';
  if (error instanceof IlinkHttpStatusError) return error.status >= 500;
  return error instanceof IlinkMalformedResponseError;
}
