import { unquoteUint64Ids } from '../protocol/lossless-json.js';
import type { IlinkEndpoint } from '../protocol/ilink-endpoints.js';
import type { BaseInfo } from '../protocol/wire.types.js';
import type {
  IlinkAccount,
  IlinkCallOptions,
  IlinkClientTimeouts,
} from './ilink-client.options.js';
import { assertEnvelopeOk } from './ilink-envelope.js';
import { buildPostHeaders, type IlinkHeaderSettings } from './ilink-headers.js';
import type { IlinkCallInfo, IlinkHttp } from './ilink-http.js';
import { joinUrl, parseBaseUrl } from './ilink-url.js';
import { tokenSecrets } from './request-secrets.util.js';

/** What every call of an `IlinkClient` is made with: its transport, hosts, headers and deadlines. */
export interface IlinkCallContext {
  readonly http: IlinkHttp;
  readonly baseUrl: URL;
  readonly cdnBaseUrl: URL;
  readonly botType: string;
  readonly baseInfo: BaseInfo;
  readonly headerSettings: IlinkHeaderSettings;
  readonly timeouts: IlinkClientTimeouts;
}

/** A call's deadline and signal, and the secrets its errors must not show. */
export type IlinkPostCall = IlinkCallOptions & { timeoutMs: number; secrets?: readonly string[] };

/**
 * Posts `payload` with the account's token and the client's `base_info` to `path` on the
 * account's API host, and answers the body once its envelope is checked (`ret`/`errcode`).
 */
export async function postAuthenticated(
  ctx: IlinkCallContext,
  endpoint: IlinkEndpoint,
  account: IlinkAccount,
  path: string,
  payload: Record<string, unknown>,
  call: IlinkPostCall,
  parse?: (text: string) => unknown,
): Promise<Record<string, unknown>> {
  const url = joinUrl(accountApiBase(ctx, account), path);
  const info: IlinkCallInfo = {
    endpoint,
    accountId: account.accountId,
    secrets: [...tokenSecrets(account.token), ...(call.secrets ?? [])],
  };
  const body = await ctx.http.json(
    {
      ...info,
      method: 'POST',
      url,
      headers: buildPostHeaders(ctx.headerSettings, account.token),
      body: unquoteUint64Ids(JSON.stringify({ ...payload, base_info: ctx.baseInfo })),
      timeoutMs: call.timeoutMs,
      signal: call.signal,
    },
    parse,
  );
  assertEnvelopeOk(info, body);
  return body;
}

function accountApiBase(ctx: IlinkCallContext, account: IlinkAccount): URL {
  return account.baseUrl?.trim() ? parseBaseUrl(account.baseUrl, 'account baseUrl') : ctx.baseUrl;
}

/** The account's CDN host, else the client's. */
export function accountCdnBase(ctx: IlinkCallContext, account: IlinkAccount): URL {
  return account.cdnBaseUrl?.trim()
    ? parseBaseUrl(account.cdnBaseUrl, 'account cdnBaseUrl')
    : ctx.cdnBaseUrl;
}
