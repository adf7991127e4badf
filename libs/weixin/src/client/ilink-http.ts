import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import { request, type Dispatcher } from 'undici';
import { redactSnippet } from '../errors/redact-secrets.js';
import type { IlinkEndpoint } from '../protocol/ilink-endpoints.js';
import { CallDeadline } from './call-deadline.js';
import { IlinkClientMessages } from './errors/ilink-client.messages.js';
import { IlinkEmptyResponseError } from './errors/ilink-empty-response.error.js';
import { IlinkHttpStatusError } from './errors/ilink-http-status.error.js';
import { IlinkMalformedResponseError } from './errors/ilink-malformed-response.error.js';
import { IlinkTransportError } from './errors/ilink-transport.error.js';
import type { HostAllowList } from './host-allow-list.js';
import { classifyTransportError } from './transport-error.classifier.js';

/** One HTTP request of the client. */
export interface IlinkHttpCall {
  endpoint: IlinkEndpoint;
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

/** Maps a thrown error to the typed transport error, using what the deadline knows. */
export function toTransportError(
  endpoint: IlinkEndpoint,
  error: unknown,
  deadline: CallDeadline,
): IlinkTransportError {
  if (error instanceof IlinkTransportError) return error;
  if (deadline.callerAborted) return IlinkTransportError.aborted({ endpoint, cause: error });
  if (deadline.timedOut) {
    return IlinkTransportError.timeout({ endpoint, cause: error }, deadline.timeoutMs);
  }
  const { kind, detail } = classifyTransportError(error);
  const message = IlinkClientMessages.transport(endpoint, kind, redactSnippet(detail));
  return new IlinkTransportError({ endpoint, kind, message, cause: error });
}

/** Status, redacted detail (header or body start) of a non-2xx answer. */
export function httpStatusError(
  endpoint: IlinkEndpoint,
  status: number,
  detail: string,
): IlinkHttpStatusError {
  const text = detail.trim() ? redactSnippet(detail) : undefined;
  return new IlinkHttpStatusError({ endpoint, status, detail: text });
}

/** Sends requests through one undici dispatcher after checking the host allow-list. */
export class IlinkHttp {
  constructor(
    private readonly dispatcher: Dispatcher,
    private readonly allowList: HostAllowList,
  ) {}

  /** Sends the request and waits for the status and headers; the body is left to the caller. */
  async open(call: IlinkHttpCall, bodyTimeoutMs = 0): Promise<IlinkStreamResponse> {
    this.allowList.assert(call.url);
    const deadline = new CallDeadline(call.timeoutMs, call.signal);
    if (deadline.callerAborted) {
      deadline.dispose();
      throw IlinkTransportError.aborted({ endpoint: call.endpoint });
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
      throw toTransportError(call.endpoint, error, deadline);
    }
  }

  /** Sends the request and reads the whole body within the call's deadline. */
  async text(call: IlinkHttpCall): Promise<IlinkTextResponse> {
    const response = await this.open(call);
    const { deadline } = response;
    try {
      if (response.status < 200 || response.status > 299) {
        throw httpStatusError(call.endpoint, response.status, await readCappedText(response.body));
      }
      const text = await response.body.text();
      return { status: response.status, headers: response.headers, text };
    } catch (error) {
      if (error instanceof IlinkHttpStatusError) throw error;
      throw toTransportError(call.endpoint, error, deadline);
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
    const endpoint = call.endpoint;
    if (text.trim() === '') throw new IlinkEmptyResponseError({ endpoint });
    let value: unknown;
    try {
      value = parse(text);
    } catch {
      // The SyntaxError quotes the body, which may hold secrets, so it is not kept as the cause.
      const message = IlinkClientMessages.invalidJson(endpoint);
      throw new IlinkMalformedResponseError({ endpoint, reason: 'invalid-json', message });
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      const message = IlinkClientMessages.notAnObject(endpoint);
      throw new IlinkMalformedResponseError({ endpoint, reason: 'not-an-object', message });
    }
    return value as Record<string, unknown>;
  }
}
