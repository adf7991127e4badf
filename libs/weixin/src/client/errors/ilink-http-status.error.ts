import { IlinkClientError, type IlinkErrorContext } from './ilink-client.error.js';
import { IlinkClientMessages } from './ilink-client.messages.js';

/**
 * The server answered a non-2xx HTTP status (protocol §2), or a CDN upload a non-200 one.
 * `code`: `ILINK_HTTP_STATUS`.
 */
export class IlinkHttpStatusError extends IlinkClientError {
  /** The HTTP status code. */
  readonly status: number;
  /** Start of the body or the `x-error-message` header, redacted. */
  readonly detail?: string;

  constructor(context: IlinkErrorContext & { status: number; detail?: string }) {
    const message = IlinkClientMessages.httpStatus(context, context.status, context.detail);
    super(message, 'ILINK_HTTP_STATUS', context);
    this.status = context.status;
    this.detail = context.detail;
  }

  /** Whether the status is a 4xx (a client error that a retry does not fix). */
  get clientError(): boolean {
    return this.status >= 400 && this.status < 500;
  }
}
