import { IlinkClientError, type IlinkErrorContext } from './ilink-client.error.js';
import { IlinkClientMessages } from './ilink-client.messages.js';
import type { TransportErrorKind } from './transport-error-kind.js';

/**
 * The request failed below HTTP: no status was received (or the body broke off).
 * `code`: `ILINK_TRANSPORT`.
 */
export class IlinkTransportError extends IlinkClientError {
  /** What went wrong; `aborted` means the caller's signal, `timeout` any deadline. */
  readonly kind: TransportErrorKind;
  /**
   * True only when the call's own deadline (`timeoutMs`) expired. Connect, headers and body
   * timeouts of the connection are `kind: 'timeout'` with this flag false.
   */
  readonly deadlineExpired: boolean;

  constructor(
    context: IlinkErrorContext & {
      kind: TransportErrorKind;
      message: string;
      deadlineExpired?: boolean;
    },
  ) {
    super(context.message, 'ILINK_TRANSPORT', context);
    this.kind = context.kind;
    this.deadlineExpired = context.deadlineExpired ?? false;
  }

  /** A transport error for a call that hit its own deadline. */
  static timeout(context: IlinkErrorContext, timeoutMs: number): IlinkTransportError {
    const message = IlinkClientMessages.timeout(context, timeoutMs);
    return new IlinkTransportError({ ...context, kind: 'timeout', message, deadlineExpired: true });
  }

  /** A transport error for a call the caller's signal aborted. */
  static aborted(context: IlinkErrorContext): IlinkTransportError {
    const message = IlinkClientMessages.aborted(context);
    return new IlinkTransportError({ ...context, kind: 'aborted', message });
  }
}
