import {
  Catch,
  HttpException,
  HttpStatus,
  Logger,
  type ArgumentsHost,
  type ExceptionFilter,
} from '@nestjs/common';
import { WeixinError } from '../errors/weixin.error.js';
import { redactSecrets } from '../errors/redact-secrets.js';
import { AdminMessages as M } from './admin.messages.js';

/** HTTP status of each library error code. */
const STATUS_BY_CODE: Record<string, number> = {
  WEIXIN_UNKNOWN_ACCOUNT: HttpStatus.NOT_FOUND,
  WEIXIN_LOGIN_NOT_FOUND: HttpStatus.NOT_FOUND,
  WEIXIN_UNKNOWN_DELIVERY: HttpStatus.NOT_FOUND,
  WEIXIN_UNKNOWN_DEAD_LETTER: HttpStatus.NOT_FOUND,
  WEIXIN_LOGIN_INVALID_VERIFY_CODE: HttpStatus.BAD_REQUEST,
  WEIXIN_LOGIN_INVALID_OPTIONS: HttpStatus.BAD_REQUEST,
  WEIXIN_LOGIN_NOT_AWAITING_CODE: HttpStatus.CONFLICT,
  WEIXIN_LOGIN_FINISHED: HttpStatus.CONFLICT,
  WEIXIN_LOGIN_LIMIT: HttpStatus.TOO_MANY_REQUESTS,
  WEIXIN_INVALID_CONTENT: HttpStatus.BAD_REQUEST,
  WEIXIN_MEDIA_SOURCE: HttpStatus.BAD_REQUEST,
  WEIXIN_VOICE_FORMAT: HttpStatus.BAD_REQUEST,
  WEIXIN_INVALID_RECIPIENT: HttpStatus.BAD_REQUEST,
  WEIXIN_NO_MEDIA: HttpStatus.BAD_REQUEST,
  WEIXIN_HOST_NOT_ALLOWED: HttpStatus.BAD_REQUEST,
  ILINK_INVALID_REQUEST: HttpStatus.BAD_REQUEST,
  WEIXIN_TYPING: HttpStatus.BAD_REQUEST,
  WEIXIN_TYPING_CHANNEL: HttpStatus.NOT_FOUND,
  WECHAT_CS_NO_INTERACTION: HttpStatus.CONFLICT,
  NXCLOUD_MISSING_MESSAGE_ID: HttpStatus.BAD_REQUEST,
  WEIXIN_MEDIA_TOO_LARGE: HttpStatus.PAYLOAD_TOO_LARGE,
  WEIXIN_SEND_REJECTED: HttpStatus.CONFLICT,
  WEIXIN_DELIVERY_NOT_QUEUED: HttpStatus.CONFLICT,
  ILINK_SESSION_EXPIRED: HttpStatus.CONFLICT,
  WEIXIN_ACCOUNT_NEEDS_LOGIN: HttpStatus.CONFLICT,
  ILINK_REJECTED: HttpStatus.TOO_MANY_REQUESTS,
  WEIXIN_SERVICE_MISSING: HttpStatus.SERVICE_UNAVAILABLE,
  ILINK_TRANSPORT: HttpStatus.SERVICE_UNAVAILABLE,
  ILINK_HTTP_STATUS: HttpStatus.SERVICE_UNAVAILABLE,
  ILINK_EMPTY_RESPONSE: HttpStatus.SERVICE_UNAVAILABLE,
  ILINK_MALFORMED_RESPONSE: HttpStatus.SERVICE_UNAVAILABLE,
  WEIXIN_MEDIA_UPLOAD: HttpStatus.SERVICE_UNAVAILABLE,
  ILINK_API: HttpStatus.SERVICE_UNAVAILABLE,
};

interface ReplyTarget {
  status(code: number): ReplyTarget;
  json(body: unknown): void;
  headersSent?: boolean;
  end?(): void;
}

/**
 * The one place where admin routes turn errors into HTTP answers: HTTP exceptions pass through,
 * library errors map by `code` to 400/404/409/413/429/503 with their (secret-free) message, and
 * anything else is a logged 500 without details.
 */
@Catch()
export class AdminExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('WeixinAdmin');

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<ReplyTarget>();
    if (res.headersSent) {
      res.end?.();
      return;
    }
    if (exception instanceof HttpException) {
      const body = exception.getResponse();
      res
        .status(exception.getStatus())
        .json(
          typeof body === 'string' ? { statusCode: exception.getStatus(), message: body } : body,
        );
      return;
    }
    if (exception instanceof WeixinError) {
      const status = STATUS_BY_CODE[exception.code];
      if (status !== undefined) {
        res.status(status).json({
          statusCode: status,
          error: exception.code,
          message: redactSecrets(exception.message),
        });
        return;
      }
    }
    const name = exception instanceof Error ? exception.name : typeof exception;
    const detail = exception instanceof Error ? redactSecrets(exception.message) : '';
    this.logger.error(`admin request failed: ${name}: ${detail}`);
    res.status(500).json({ statusCode: 500, message: M.internal() });
  }
}
