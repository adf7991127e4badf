import {
  Inject,
  Injectable,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import type { Observable } from 'rxjs';
import { WEIXIN_ADMIN_OPTIONS, type ResolvedWeixinAdminOptions } from './weixin-admin.options.js';

/**
 * Reads the multipart field `file` of a media send into memory, with the admin module's size
 * limit (413 beyond it) and tight part counts; a JSON request passes through untouched.
 */
@Injectable()
export class AdminUploadInterceptor implements NestInterceptor {
  private readonly inner: NestInterceptor;

  constructor(@Inject(WEIXIN_ADMIN_OPTIONS) options: ResolvedWeixinAdminOptions) {
    const Multer = FileInterceptor('file', {
      // No `storage` and no `dest`: multer keeps the file in memory (`file.buffer`).
      limits: {
        fileSize: options.maxUploadBytes,
        files: 1,
        fields: 8,
        parts: 10,
        fieldSize: 8192,
        fieldNameSize: 64,
      },
    });
    this.inner = new Multer();
  }

  intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    return Promise.resolve(this.inner.intercept(context, next));
  }
}
