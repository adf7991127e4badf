import type { Readable } from 'node:stream';
import type { Dispatcher } from 'undici';
import { sanitizeBotAgent } from '../protocol/bot-agent.js';
import { packClientVersion } from '../protocol/client-version.js';
import type { TypingStatus } from '../protocol/enums.js';
import { ILINK_PATHS, type IlinkEndpoint } from '../protocol/ilink-endpoints.js';
import type {
  GetConfigResponse,
  GetQrcodeStatusResponse,
  GetUpdatesResponse,
  GetUploadUrlRequest,
  GetUploadUrlResponse,
} from '../protocol/wire.types.js';
import { HostAllowList } from './host-allow-list.js';
import { postAuthenticated, type IlinkCallContext } from './ilink-call.context.js';
import { downloadFromCdn, uploadToCdn } from './ilink-cdn.calls.js';
import { ILINK_CLIENT_DEFAULTS as D } from './ilink-client.defaults.js';
import type {
  IlinkAccount,
  IlinkCallOptions,
  IlinkClientOptions,
  IlinkClientTimeouts,
  QrcodeStatusOptions,
} from './ilink-client.options.js';
import type {
  BotQrcode,
  CdnDownloadRequest,
  CdnUploadRequest,
  OutboundMessage,
  SendMessageResult,
  TypingTicket,
} from './ilink-client.types.js';
import { IlinkHttp } from './ilink-http.js';
import { createIlinkPool } from './ilink-pool.factory.js';
import { getUpdates, sendMessage } from './ilink-message.calls.js';
import { getBotQrcode, getQrcodeStatus } from './ilink-qr.calls.js';
import { parseBaseUrl } from './ilink-url.js';
import { secretsOf } from './request-secrets.util.js';
import { missingField, stringField } from './response-fields.util.js';

/** The configured deadline of each endpoint the client posts to itself. */
const TIMEOUT_OF = {
  notifystart: 'notify',
  notifystop: 'notify',
  getconfig: 'getConfig',
  sendtyping: 'sendTyping',
  getuploadurl: 'getUploadUrl',
} as const satisfies Partial<Record<IlinkEndpoint, keyof IlinkClientTimeouts>>;

/**
 * The iLink HTTP client: one method per endpoint, the headers and `base_info` of the protocol,
 * lossless uint64 ids, typed errors, a host allow-list, and one shared keep-alive connection pool
 * without a per-origin cap (one long poll per account, thousands of accounts per process).
 *
 * Every method takes `{ signal, timeoutMs }`; a caller abort rejects with an
 * `IlinkTransportError` of kind `aborted`. Secrets never appear in error messages.
 */
export class IlinkClient {
  private readonly ctx: IlinkCallContext;
  private readonly dispatcher: Dispatcher;
  private readonly ownsDispatcher: boolean;

  constructor(options: IlinkClientOptions = {}) {
    const baseUrl = parseBaseUrl(options.baseUrl ?? D.baseUrl, 'baseUrl');
    const cdnBaseUrl = parseBaseUrl(options.cdnBaseUrl ?? D.cdnBaseUrl, 'cdnBaseUrl');
    const allowList = new HostAllowList(options.allowedHosts ?? D.allowedHosts, {
      origins: [baseUrl, cdnBaseUrl],
      secureOnlyEntries: D.allowedHosts,
    });
    this.ownsDispatcher = options.dispatcher === undefined;
    this.dispatcher = options.dispatcher ?? createIlinkPool(options.pool);
    this.ctx = {
      http: new IlinkHttp(
        this.dispatcher,
        allowList,
        options.maxResponseBytes ?? D.maxResponseBytes,
      ),
      baseUrl,
      cdnBaseUrl,
      botType: options.botType ?? D.botType,
      baseInfo: {
        channel_version: options.channelVersion ?? D.channelVersion,
        bot_agent: sanitizeBotAgent(options.botAgent ?? D.botAgent, D.botAgent),
      },
      headerSettings: {
        clientVersion: packClientVersion(options.clientVersion ?? D.clientVersion),
        routeTag: options.routeTag?.trim() || undefined,
      },
      timeouts: { ...D.timeouts, ...options.timeouts },
    };
  }

  /**
   * `get_bot_qrcode`: creates a login QR at the fixed host (no `Authorization`, no `base_info`).
   * `localTokens` are the bot tokens of up to 10 stored accounts, newest first (protocol §6.1).
   */
  async getBotQrcode(
    options: IlinkCallOptions & { localTokens?: string[] } = {},
  ): Promise<BotQrcode> {
    return getBotQrcode(this.ctx, options);
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
    return getQrcodeStatus(this.ctx, qrcode, options);
  }

  /** `msg/notifystart`: tells the server the account goes online (protocol §7). */
  async notifyStart(account: IlinkAccount, options: IlinkCallOptions = {}): Promise<void> {
    await this.post('notifystart', account, {}, options);
  }

  /**
   * `msg/notifystop`: tells the server the account goes offline (protocol §7). It runs on its own
   * deadline; pass no shutdown signal so it can complete during shutdown.
   */
  async notifyStop(account: IlinkAccount, options: IlinkCallOptions = {}): Promise<void> {
    await this.post('notifystop', account, {}, options);
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
    return getUpdates(this.ctx, account, cursor, options);
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
    return sendMessage(this.ctx, account, msg, options);
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
    const body = await this.post('getconfig', account, request, options, contextToken);
    const typingTicket = stringField((body as GetConfigResponse).typing_ticket);
    if (!typingTicket) throw missingField('getconfig', 'typing_ticket');
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
    const request = { ilink_user_id: userId, typing_ticket: ticket, status };
    await this.post('sendtyping', account, request, options, ticket);
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
    const body = (await this.post(
      'getuploadurl',
      account,
      { ...request },
      options,
      request.filekey,
      request.aeskey,
    )) as GetUploadUrlResponse;
    if (!stringField(body.upload_param) && !stringField(body.upload_full_url?.trim())) {
      throw missingField('getuploadurl', 'upload_param or upload_full_url');
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
    return uploadToCdn(this.ctx, account, request, options);
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
    return downloadFromCdn(this.ctx, account, request, options);
  }

  /** Closes the connection pool (when the client created it). Later calls fail. */
  async close(): Promise<void> {
    if (this.ownsDispatcher) await this.dispatcher.close();
  }

  /**
   * Posts `payload` to `endpoint` for `account` within the call's `timeoutMs` (else the endpoint's
   * configured deadline) and `signal`; `secrets` (non-empty strings only) stay out of its errors.
   */
  private post(
    endpoint: keyof typeof TIMEOUT_OF,
    account: IlinkAccount,
    payload: Record<string, unknown>,
    options: IlinkCallOptions,
    ...secrets: unknown[]
  ): Promise<Record<string, unknown>> {
    return postAuthenticated(this.ctx, endpoint, account, ILINK_PATHS[endpoint], payload, {
      timeoutMs: options.timeoutMs ?? this.ctx.timeouts[TIMEOUT_OF[endpoint]],
      signal: options.signal,
      secrets: secretsOf(...secrets),
    });
  }
}
