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
import { ADMIN_STATUS_BY_CODE } from './admin-error-status.constants.js';

interface ReplyTarget {
  status(code: number): ReplyTarget;
  json(body: unknown): void;
  headersSent?: boolean;
  end?(): void;
}

/**
 * The one place where admin routes turn errors into HTTP answers: HTTP exceptions pass through,
 * library errors map by `code` ({@link ADMIN_STATUS_BY_CODE}) to 400/404/409/413/429/503 with their
 * (secret-free) message, and anything else is a logged 500 without details.
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
      const status: HttpStatus | undefined = ADMIN_STATUS_BY_CODE[exception.code];
      if (status !== undefined && status !== HttpStatus.INTERNAL_SERVER_ERROR) {
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
