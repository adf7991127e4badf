import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import { request, type Dispatcher } from 'undici';
import { redactSnippet } from '../errors/redact-secrets.js';
import type { IlinkEndpoint } from '../protocol/ilink-endpoints.js';
import { CallDeadline } from './call-deadline.js';
import { IlinkClientMessages } from './errors/ilink-client.messages.js';
import { IlinkEmptyResponseError } from './errors/ilink-empty-response.error.js';
import { IlinkHttpStatusError } from './errors/ilink-http-status.error.js';
import { IlinkInvalidRequestError } from './errors/ilink-invalid-request.error.js';
import { IlinkMalformedResponseError } from './errors/ilink-malformed-response.error.js';
import { IlinkTransportError } from './errors/ilink-transport.error.js';
import type { HostAllowList } from './host-allow-list.js';
import { classifyTransportError } from './transport-error.classifier.js';

/** What error texts of one call may name, and the secret values they must never show. */
export interface IlinkCallInfo {
  endpoint: IlinkEndpoint;
  /** The account of an authenticated call; named in errors. */
  accountId?: string;
  /**
   * The secret values this call carries (token, context token, ticket, QR id, upload param…):
   * replaced verbatim in any error text before the pattern-based redaction.
   */
  secrets?: readonly string[];
}

/** One HTTP request of the client. */
export interface IlinkHttpCall extends IlinkCallInfo {
  method: 'GET' | 'POST';
  url: URL;
  headers: Record<string, string>;
  body?: string | Buffer | Readable;
  timeoutMs: number;
  signal?: AbortSignal;
}

/** A response whose body was read completely within the call's deadline. */
export interface IlinkTextResponse {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
}

/** A response whose body is still to be read; `deadline` stays attached until it is disposed. */
export interface IlinkStreamResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Dispatcher.ResponseData['body'];
  deadline: CallDeadline;
}

/** Most bytes of an error body read for an error message. */
const ERROR_BODY_LIMIT = 4096;

/** undici codes of a request the client built wrongly (e.g. a body of another size than declared). */
const CLIENT_MISTAKE_CODES = new Set([
  'UND_ERR_REQ_CONTENT_LENGTH_MISMATCH',
  'UND_ERR_INVALID_ARG',
]);

function clientMistakeCode(error: unknown): string | undefined {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (typeof current === 'object' && current !== null && !seen.has(current)) {
    seen.add(current);
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && CLIENT_MISTAKE_CODES.has(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Reads at most `limit` bytes of a body as UTF-8, then discards the rest. */
export async function readCappedText(body: Readable, limit = ERROR_BODY_LIMIT): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of body as AsyncIterable<Buffer>) {
      chunks.push(chunk);
      size += chunk.length;
      if (size >= limit) break;
    }
  } catch {
    // A body that breaks off while reading an error detail still yields the error itself.
  } finally {
    body.destroy();
  }
  return Buffer.concat(chunks).subarray(0, limit).toString('utf8');
}

/**
 * Maps a thrown error to the typed transport error, using what the deadline knows: only the
 * call's own deadline gives `deadlineExpired`. A request the client built wrongly (declared size
 * differs from the body, invalid argument) becomes `IlinkInvalidRequestError` instead.
 */
export function toTransportError(
  call: IlinkCallInfo,
  error: unknown,
  deadline: CallDeadline,
): IlinkTransportError | IlinkInvalidRequestError {
  if (error instanceof IlinkTransportError || error instanceof IlinkInvalidRequestError) {
    return error;
  }
  const site = { endpoint: call.endpoint, accountId: call.accountId };
  if (deadline.callerAborted) return IlinkTransportError.aborted({ ...site, cause: error });
  if (deadline.timedOut) {
    return IlinkTransportError.timeout({ ...site, cause: error }, deadline.timeoutMs);
  }
  const mistake = clientMistakeCode(error);
  if (mistake) {
    return new IlinkInvalidRequestError(IlinkClientMessages.clientMistake(site, mistake), error);
  }
  const { kind, detail } = classifyTransportError(error);
  const text = redactSnippet(detail, 200, call.secrets);
  const message = IlinkClientMessages.transport(site, kind, text);
  return new IlinkTransportError({ ...site, kind, message, cause: error });
}

/**
 * The error a call answers for `error`, thrown while its response was checked and read: a status
 * or malformed-response error as it is, anything else as `toTransportError` maps it.
 */
export function toReadError(
  call: IlinkCallInfo,
  error: unknown,
  deadline: CallDeadline,
):
  | IlinkHttpStatusError
  | IlinkMalformedResponseError
  | IlinkTransportError
  | IlinkInvalidRequestError {
  if (error instanceof IlinkHttpStatusError || error instanceof IlinkMalformedResponseError) {
    return error;
  }
  return toTransportError(call, error, deadline);
}

/** Status, redacted detail (header or body start) of a non-2xx answer. */
export function httpStatusError(
  call: IlinkCallInfo,
  status: number,
  detail: string,
): IlinkHttpStatusError {
  const text = detail.trim() ? redactSnippet(detail, 200, call.secrets) : undefined;
  return new IlinkHttpStatusError({
    endpoint: call.endpoint,
    accountId: call.accountId,
    status,
    detail: text,
  });
}

/** Reads a whole body as UTF-8, refusing more than `maxBytes` (announced or received). */
async function readLimitedText(
  call: IlinkCallInfo,
  response: IlinkStreamResponse,
  maxBytes: number,
): Promise<string> {
  const { body } = response;
  const tooLarge = (): IlinkMalformedResponseError => {
    body.on('error', () => undefined);
    body.destroy();
    return new IlinkMalformedResponseError({
      endpoint: call.endpoint,
      accountId: call.accountId,
      reason: 'too-large',
      message: IlinkClientMessages.responseTooLarge(call, maxBytes),
    });
  };
  const announced = Number(response.headers['content-length'] ?? Number.NaN);
  if (Number.isFinite(announced) && announced > maxBytes) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) throw tooLarge();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Sends requests through one undici dispatcher after checking the host allow-list. */
export class IlinkHttp {
  constructor(
    private readonly dispatcher: Dispatcher,
    private readonly allowList: HostAllowList,
    private readonly maxResponseBytes = Number.POSITIVE_INFINITY,
  ) {}

  /** Sends the request and waits for the status and headers; the body is left to the caller. */
  async open(call: IlinkHttpCall, bodyTimeoutMs = 0): Promise<IlinkStreamResponse> {
    this.allowList.assert(call.url);
    const deadline = new CallDeadline(call.timeoutMs, call.signal);
    if (deadline.callerAborted) {
      deadline.dispose();
      throw IlinkTransportError.aborted({ endpoint: call.endpoint, accountId: call.accountId });
    }
    try {
      const response = await request(call.url, {
        dispatcher: this.dispatcher,
        method: call.method,
        headers: call.headers,
        body: call.body,
        signal: deadline.signal,
        headersTimeout: 0,
        bodyTimeout: bodyTimeoutMs,
      });
      return {
        status: response.statusCode,
        headers: response.headers,
        body: response.body,
        deadline,
      };
    } catch (error) {
      deadline.dispose();
      throw toTransportError(call, error, deadline);
    }
  }

  /** Sends the request and reads the whole body within the call's deadline. */
  async text(call: IlinkHttpCall): Promise<IlinkTextResponse> {
    const response = await this.open(call);
    const { deadline } = response;
    try {
      if (response.status < 200 || response.status > 299) {
        throw httpStatusError(call, response.status, await readCappedText(response.body));
      }
      const text = await readLimitedText(call, response, this.maxResponseBytes);
      return { status: response.status, headers: response.headers, text };
    } catch (error) {
      throw toReadError(call, error, deadline);
    } finally {
      deadline.dispose();
    }
  }

  /**
   * Sends the request and parses a JSON object answer. `parse` turns the text into a value
   * (`JSON.parse` or the lossless parser).
   */
  async json(
    call: IlinkHttpCall,
    parse: (text: string) => unknown = JSON.parse,
  ): Promise<Record<string, unknown>> {
    const { text } = await this.text(call);
    const { endpoint, accountId } = call;
    const site = { endpoint, accountId };
    if (text.trim() === '') throw new IlinkEmptyResponseError(site);
    let value: unknown;
    try {
      value = parse(text);
    } catch {
      // The SyntaxError quotes the body, which may hold secrets, so it is not kept as the cause.
      const message = IlinkClientMessages.invalidJson(site);
      throw new IlinkMalformedResponseError({ ...site, reason: 'invalid-json', message });
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      const message = IlinkClientMessages.notAnObject(site);
      throw new IlinkMalformedResponseError({ ...site, reason: 'not-an-object', message });
    }
    return value as Record<string, unknown>;
  }
}
