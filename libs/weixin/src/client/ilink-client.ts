import { unquoteUint64Ids } from '../protocol/lossless-json.js';
import { Agent, type Dispatcher } from 'undici';
import { sanitizeBotAgent } from '../protocol/bot-agent.js';
import { packClientVersion } from '../protocol/client-version.js';
import { MessageState, MessageType, type TypingStatus } from '../protocol/enums.js';
import { CDN_PATHS, ILINK_PATHS, type IlinkEndpoint } from '../protocol/ilink-endpoints.js';
import { parseIlinkJson } from '../protocol/lossless-json.js';
import type {
  BaseInfo,
  GetBotQrcodeResponse,
  GetConfigResponse,
  GetQrcodeStatusResponse,
  GetUpdatesResponse,
  GetUploadUrlRequest,
  GetUploadUrlResponse,
  SendMessageResponse,
} from '../protocol/wire.types.js';
import { downloadFromCdnStream } from './cdn-download.js';
import { uploadToCdnWithRetries } from './cdn-upload.js';
import { generateClientId } from './client-id.js';
import { IlinkClientMessages } from './errors/ilink-client.messages.js';
import { IlinkHttpStatusError } from './errors/ilink-http-status.error.js';
import { IlinkInvalidRequestError } from './errors/ilink-invalid-request.error.js';
import { IlinkMalformedResponseError } from './errors/ilink-malformed-response.error.js';
import { IlinkTransportError } from './errors/ilink-transport.error.js';
import { WeixinHostNotAllowedError } from './errors/weixin-host-not-allowed.error.js';
import { HostAllowList } from './host-allow-list.js';
import { ILINK_CLIENT_DEFAULTS as D } from './ilink-client.defaults.js';
import type {
  IlinkAccount,
  IlinkCallOptions,
  IlinkClientOptions,
  IlinkClientTimeouts,
} from './ilink-client.options.js';
import type {
  BotQrcode,
  CdnDownloadRequest,
  CdnUploadRequest,
  OutboundMessage,
  SendMessageResult,
  TypingTicket,
} from './ilink-client.types.js';
import { assertEnvelopeOk } from './ilink-envelope.js';
import { buildGetHeaders, buildPostHeaders, type IlinkHeaderSettings } from './ilink-headers.js';
import { IlinkHttp, type IlinkCallInfo } from './ilink-http.js';
import { isBareHost, joinUrl, parseBaseUrl } from './ilink-url.js';
import type { Readable } from 'node:stream';

/** Options of `getQrcodeStatus`. */
export interface QrcodeStatusOptions extends IlinkCallOptions {
  /** The pairing digits the user typed (secret); sent as `verify_code`. */
  verifyCode?: string;
  /** The `redirect_host` of a `scaned_but_redirect` answer; polling then goes to that host. */
  redirectHost?: string;
}

function stringField(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** HTTP statuses of proxies whose own timeout ended a long poll (protocol §8.4, #44). */
const PROXY_TIMEOUT_STATUSES = new Set([504, 524]);

/** The secret values of a request: the non-empty strings among `values`. */
function secretsOf(...values: unknown[]): string[] {
  const out: string[] = [];
  for (const value of values) {
    if (typeof value === 'string' && value.trim() !== '') out.push(value.trim());
    else if (Array.isArray(value)) out.push(...secretsOf(...(value as unknown[])));
  }
  return out;
}

/** The CDN parameters and keys of outbound items (`encrypt_query_param`, `aes_key`). */
function mediaParams(items: unknown): string[] {
  const out: string[] = [];
  for (const item of Array.isArray(items) ? (items as unknown[]) : []) {
    if (typeof item !== 'object' || item === null) continue;
    for (const payload of Object.values(item as Record<string, unknown>)) {
      const media = (payload as { media?: unknown } | null)?.media;
      if (typeof media !== 'object' || media === null) continue;
      const { encrypt_query_param: param, aes_key: key } = media as Record<string, unknown>;
      out.push(...secretsOf(param, key));
    }
  }
  return out;
}

/** The bot token and, for `<bot id>:<secret>` tokens, the secret part on its own. */
function tokenSecrets(token: string): string[] {
  const trimmed = token.trim();
  const colon = trimmed.lastIndexOf(':');
  return colon > 0 ? [trimmed, trimmed.slice(colon + 1)] : [trimmed];
}

/**
 * The iLink HTTP client: one method per endpoint, the headers and `base_info` of the protocol,
 * lossless uint64 ids, typed errors, a host allow-list, and one shared keep-alive connection pool
 * without a per-origin cap (one long poll per account, thousands of accounts per process).
 *
 * Every method takes `{ signal, timeoutMs }`; a caller abort rejects with an
 * `IlinkTransportError` of kind `aborted`. Secrets never appear in error messages.
 */
export class IlinkClient {
  private readonly baseUrl: URL;
  private readonly cdnBaseUrl: URL;
  private readonly botType: string;
  private readonly baseInfo: BaseInfo;
  private readonly headerSettings: IlinkHeaderSettings;
  private readonly timeouts: IlinkClientTimeouts;
  private readonly dispatcher: Dispatcher;
  private readonly ownsDispatcher: boolean;
  private readonly http: IlinkHttp;

  constructor(options: IlinkClientOptions = {}) {
    this.baseUrl = parseBaseUrl(options.baseUrl ?? D.baseUrl, 'baseUrl');
    this.cdnBaseUrl = parseBaseUrl(options.cdnBaseUrl ?? D.cdnBaseUrl, 'cdnBaseUrl');
    this.botType = options.botType ?? D.botType;
    this.baseInfo = {
      channel_version: options.channelVersion ?? D.channelVersion,
      bot_agent: sanitizeBotAgent(options.botAgent ?? D.botAgent, D.botAgent),
    };
    this.headerSettings = {
      clientVersion: packClientVersion(options.clientVersion ?? D.clientVersion),
      routeTag: options.routeTag?.trim() || undefined,
    };
    this.timeouts = { ...D.timeouts, ...options.timeouts };
    const allowList = new HostAllowList(options.allowedHosts ?? D.allowedHosts, {
      origins: [this.baseUrl, this.cdnBaseUrl],
      secureOnlyEntries: D.allowedHosts,
    });
    this.ownsDispatcher = options.dispatcher === undefined;
    this.dispatcher =
      options.dispatcher ??
      new Agent({
        connections: options.pool?.connections ?? D.pool.connections,
        pipelining: options.pool?.pipelining ?? D.pool.pipelining,
        keepAliveTimeout: options.pool?.keepAliveTimeoutMs ?? D.pool.keepAliveTimeoutMs,
        keepAliveMaxTimeout: options.pool?.keepAliveMaxTimeoutMs ?? D.pool.keepAliveMaxTimeoutMs,
        connect: { timeout: options.pool?.connectTimeoutMs ?? D.pool.connectTimeoutMs },
        headersTimeout: 0,
        bodyTimeout: 0,
      });
    this.http = new IlinkHttp(
      this.dispatcher,
      allowList,
      options.maxResponseBytes ?? D.maxResponseBytes,
    );
  }

  /**
   * `get_bot_qrcode`: creates a login QR at the fixed host (no `Authorization`, no `base_info`).
   * `localTokens` are the bot tokens of up to 10 stored accounts, newest first (protocol §6.1).
   */
  async getBotQrcode(
    options: IlinkCallOptions & { localTokens?: string[] } = {},
  ): Promise<BotQrcode> {
    const endpoint = 'get_bot_qrcode';
    const url = joinUrl(this.baseUrl, ILINK_PATHS.get_bot_qrcode, { bot_type: this.botType });
    const localTokens = (options.localTokens ?? []).slice(0, 10);
    const info: IlinkCallInfo = {
      endpoint,
      secrets: localTokens.flatMap((token) => tokenSecrets(token)),
    };
    const body = await this.http.json({
      ...info,
      method: 'POST',
      url,
      headers: buildPostHeaders(this.headerSettings),
      body: JSON.stringify({ local_token_list: localTokens }),
      timeoutMs: options.timeoutMs ?? this.timeouts.getBotQrcode,
      signal: options.signal,
    });
    assertEnvelopeOk(info, body);
    const answer = body as GetBotQrcodeResponse;
    const qrcode = stringField(answer.qrcode);
    const qrcodeImgContent = stringField(answer.qrcode_img_content);
    if (!qrcode) throw this.missingField(endpoint, 'qrcode');
    if (!qrcodeImgContent) throw this.missingField(endpoint, 'qrcode_img_content');
    return { qrcode, qrcodeImgContent };
  }

  /**
   * `get_qrcode_status`: long-polls a QR's state. Transport failures, the deadline, HTTP 5xx and
   * unreadable bodies answer `{ status: 'wait' }` (protocol §6.3); a caller abort, HTTP 4xx and a
   * refused host throw. `redirectHost` must be a bare `host[:port]` in the allow-list; the URL
   * keeps the scheme of the configured base URL.
   */
  async getQrcodeStatus(
    qrcode: string,
    options: QrcodeStatusOptions = {},
  ): Promise<GetQrcodeStatusResponse> {
    const endpoint = 'get_qrcode_status';
    const base = this.qrPollBase(options.redirectHost);
    const query: Record<string, string> = { qrcode };
    if (options.verifyCode) query['verify_code'] = options.verifyCode;
    const url = joinUrl(base, ILINK_PATHS.get_qrcode_status, query);
    try {
      const body = await this.http.json({
        endpoint,
        secrets: secretsOf(qrcode, options.verifyCode),
        method: 'GET',
        url,
        headers: buildGetHeaders(this.headerSettings),
        timeoutMs: options.timeoutMs ?? this.timeouts.getQrcodeStatus,
        signal: options.signal,
      });
      return body as GetQrcodeStatusResponse;
    } catch (error) {
      if (this.isQrWait(error)) return { status: 'wait' };
      throw error;
    }
  }

  /** `msg/notifystart`: tells the server the account goes online (protocol §7). */
  async notifyStart(account: IlinkAccount, options: IlinkCallOptions = {}): Promise<void> {
    await this.postAuthenticated(
      'notifystart',
      account,
      ILINK_PATHS.notifystart,
      {},
      {
        timeoutMs: options.timeoutMs ?? this.timeouts.notify,
        signal: options.signal,
      },
    );
  }

  /**
   * `msg/notifystop`: tells the server the account goes offline (protocol §7). It runs on its own
   * deadline; pass no shutdown signal so it can complete during shutdown.
   */
  async notifyStop(account: IlinkAccount, options: IlinkCallOptions = {}): Promise<void> {
    await this.postAuthenticated(
      'notifystop',
      account,
      ILINK_PATHS.notifystop,
      {},
      {
        timeoutMs: options.timeoutMs ?? this.timeouts.notify,
        signal: options.signal,
      },
    );
  }

  /**
   * `getupdates`: one long poll from `cursor` (`''` at first). Ids come out as exact strings.
   * Reaching the call's own deadline is not an error: it answers `{ ret: 0, msgs: [],
   * get_updates_buf: cursor }` (protocol §8.4), as does HTTP 504/524 (a proxy's timeout). Other
   * failures, connect timeouts included, throw so that the poller backs off. Pass `timeoutMs` =
   * the server's `longpolling_timeout_ms` + ~5 s.
   */
  async getUpdates(
    account: IlinkAccount,
    cursor: string,
    options: IlinkCallOptions = {},
  ): Promise<GetUpdatesResponse> {
    try {
      const body = await this.postAuthenticated(
        'getupdates',
        account,
        ILINK_PATHS.getupdates,
        { get_updates_buf: cursor },
        { timeoutMs: options.timeoutMs ?? this.timeouts.getUpdates, signal: options.signal },
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

  /**
   * `sendmessage`: sends one message with exactly one item. Fills `from_user_id: ''`,
   * `message_type: 2`, `message_state: 2` and a unique `client_id` when absent. An empty answer
   * throws `IlinkEmptyResponseError` (delivery unknown), never success.
   */
  async sendMessage(
    account: IlinkAccount,
    msg: OutboundMessage,
    options: IlinkCallOptions = {},
  ): Promise<SendMessageResult> {
    const items = Array.isArray(msg.item_list) ? msg.item_list.length : 0;
    if (items !== 1) throw new IlinkInvalidRequestError(IlinkClientMessages.oneItemRequired(items));
    if (!msg.to_user_id) throw new IlinkInvalidRequestError(IlinkClientMessages.toUserRequired());
    const clientId = msg.client_id || generateClientId();
    const body = await this.postAuthenticated(
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
        timeoutMs: options.timeoutMs ?? this.timeouts.sendMessage,
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

  /**
   * `getconfig`: fetches the typing ticket for a user. Succeeds when `ret`/`errcode` are 0 or
   * absent and a non-empty ticket is present (protocol §16.30).
   */
  async getConfig(
    account: IlinkAccount,
    userId: string,
    contextToken?: string,
    options: IlinkCallOptions = {},
  ): Promise<TypingTicket> {
    const request: Record<string, unknown> = { ilink_user_id: userId };
    if (contextToken) request['context_token'] = contextToken;
    const body = await this.postAuthenticated(
      'getconfig',
      account,
      ILINK_PATHS.getconfig,
      request,
      {
        timeoutMs: options.timeoutMs ?? this.timeouts.getConfig,
        signal: options.signal,
        secrets: secretsOf(contextToken),
      },
    );
    const typingTicket = stringField((body as GetConfigResponse).typing_ticket);
    if (!typingTicket) throw this.missingField('getconfig', 'typing_ticket');
    return { typingTicket };
  }

  /** `sendtyping`: shows (`TypingStatus.Typing`) or cancels (`TypingStatus.Cancel`) "typing…". */
  async sendTyping(
    account: IlinkAccount,
    userId: string,
    ticket: string,
    status: TypingStatus,
    options: IlinkCallOptions = {},
  ): Promise<void> {
    await this.postAuthenticated(
      'sendtyping',
      account,
      ILINK_PATHS.sendtyping,
      { ilink_user_id: userId, typing_ticket: ticket, status },
      {
        timeoutMs: options.timeoutMs ?? this.timeouts.sendTyping,
        signal: options.signal,
        secrets: secretsOf(ticket),
      },
    );
  }

  /**
   * `getuploadurl`: asks for CDN upload parameters. Throws on a failed envelope and when neither
   * `upload_param` nor `upload_full_url` is present.
   */
  async getUploadUrl(
    account: IlinkAccount,
    request: Omit<GetUploadUrlRequest, 'base_info'>,
    options: IlinkCallOptions = {},
  ): Promise<GetUploadUrlResponse> {
    const body = (await this.postAuthenticated(
      'getuploadurl',
      account,
      ILINK_PATHS.getuploadurl,
      { ...request },
      {
        timeoutMs: options.timeoutMs ?? this.timeouts.getUploadUrl,
        signal: options.signal,
        secrets: secretsOf(request.filekey, request.aeskey),
      },
    )) as GetUploadUrlResponse;
    if (!stringField(body.upload_param) && !stringField(body.upload_full_url?.trim())) {
      throw this.missingField('getuploadurl', 'upload_param or upload_full_url');
    }
    return body;
  }

  /**
   * Uploads ciphertext to the CDN (POST, `application/octet-stream` only) and answers the
   * `x-encrypted-param` download parameter. Up to 3 attempts on 5xx, transport errors and a 200
   * without the header; none on 4xx (protocol §12.4). `timeoutMs` bounds each attempt.
   */
  async uploadToCdn(
    account: IlinkAccount,
    request: CdnUploadRequest,
    options: IlinkCallOptions = {},
  ): Promise<string> {
    const fullUrl = request.uploadFullUrl?.trim();
    let url: URL;
    if (fullUrl) {
      url = parseBaseUrl(fullUrl, 'uploadFullUrl');
    } else if (request.uploadParam) {
      url = joinUrl(this.accountCdnBase(account), CDN_PATHS.upload, {
        encrypted_query_param: request.uploadParam,
        filekey: request.filekey,
      });
    } else {
      throw new IlinkInvalidRequestError(IlinkClientMessages.cdnLocationRequired('upload'));
    }
    const timeoutMs = options.timeoutMs ?? this.timeouts.cdnUpload;
    const call = {
      accountId: account.accountId,
      secrets: secretsOf(request.uploadParam, request.filekey, fullUrl),
    };
    return uploadToCdnWithRetries(this.http, call, url, request, timeoutMs, options.signal);
  }

  /**
   * Downloads a CDN object and answers the ciphertext as a stream: `fullUrl` when present, else
   * `{cdn}/download?encrypted_query_param=…` (protocol §12.5). Hosts are checked; `maxBytes`
   * is enforced from `content-length` and while streaming.
   */
  async downloadFromCdn(
    account: IlinkAccount,
    request: CdnDownloadRequest,
    options: IlinkCallOptions = {},
  ): Promise<Readable> {
    const fullUrl = request.fullUrl?.trim();
    let url: URL;
    if (fullUrl) {
      url = parseBaseUrl(fullUrl, 'fullUrl');
    } else if (request.encryptQueryParam) {
      url = joinUrl(this.accountCdnBase(account), CDN_PATHS.download, {
        encrypted_query_param: request.encryptQueryParam,
      });
    } else {
      throw new IlinkInvalidRequestError(IlinkClientMessages.cdnLocationRequired('download'));
    }
    const timeoutMs = options.timeoutMs ?? this.timeouts.cdnDownload;
    const maxBytes = request.maxBytes ?? Number.POSITIVE_INFINITY;
    const call = {
      accountId: account.accountId,
      secrets: secretsOf(request.encryptQueryParam, fullUrl),
    };
    return downloadFromCdnStream(this.http, call, url, timeoutMs, maxBytes, options.signal);
  }

  /** Closes the connection pool (when the client created it). Later calls fail. */
  async close(): Promise<void> {
    if (this.ownsDispatcher) await this.dispatcher.close();
  }

  private async postAuthenticated(
    endpoint: IlinkEndpoint,
    account: IlinkAccount,
    path: string,
    payload: Record<string, unknown>,
    call: IlinkCallOptions & { timeoutMs: number; secrets?: readonly string[] },
    parse?: (text: string) => unknown,
  ): Promise<Record<string, unknown>> {
    const url = joinUrl(this.accountApiBase(account), path);
    const info: IlinkCallInfo = {
      endpoint,
      accountId: account.accountId,
      secrets: [...tokenSecrets(account.token), ...(call.secrets ?? [])],
    };
    const body = await this.http.json(
      {
        ...info,
        method: 'POST',
        url,
        headers: buildPostHeaders(this.headerSettings, account.token),
        body: unquoteUint64Ids(JSON.stringify({ ...payload, base_info: this.baseInfo })),
        timeoutMs: call.timeoutMs,
        signal: call.signal,
      },
      parse,
    );
    assertEnvelopeOk(info, body);
    return body;
  }

  private accountApiBase(account: IlinkAccount): URL {
    return account.baseUrl?.trim()
      ? parseBaseUrl(account.baseUrl, 'account baseUrl')
      : this.baseUrl;
  }

  private accountCdnBase(account: IlinkAccount): URL {
    return account.cdnBaseUrl?.trim()
      ? parseBaseUrl(account.cdnBaseUrl, 'account cdnBaseUrl')
      : this.cdnBaseUrl;
  }

  private qrPollBase(redirectHost: string | undefined): URL {
    const host = redirectHost?.trim();
    if (!host) return this.baseUrl;
    if (!isBareHost(host)) {
      throw new WeixinHostNotAllowedError(host, [], IlinkClientMessages.invalidRedirectHost());
    }
    return new URL(`${this.baseUrl.protocol}//${host}/`);
  }

  private isQrWait(error: unknown): boolean {
    if (error instanceof IlinkTransportError) return error.kind !== 'aborted';
    if (error instanceof IlinkHttpStatusError) return error.status >= 500;
    return error instanceof IlinkMalformedResponseError;
  }

  private missingField(endpoint: IlinkEndpoint, field: string): IlinkMalformedResponseError {
    const message = IlinkClientMessages.missingField({ endpoint }, field);
    return new IlinkMalformedResponseError({ endpoint, reason: 'missing-field', message });
  }
}
