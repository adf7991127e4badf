import { Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ThrottlerGuard, ThrottlerStorageService } from '@nestjs/throttler';
import { WEIXIN_ADMIN_OPTIONS, type ResolvedWeixinAdminOptions } from '../weixin-admin.options.js';

/** Injection token of the admin API's own throttler storage (not shared with the app's). */
export const ADMIN_THROTTLER_STORAGE = Symbol('WEIXIN_ADMIN_THROTTLER_STORAGE');

/**
 * `@nestjs/throttler` limits for the admin routes only, with their own options and storage, so
 * the app's `ThrottlerModule` (if any) is neither needed nor affected.
 */
@Injectable()
export class AdminThrottlerGuard extends ThrottlerGuard {
  constructor(
    @Inject(WEIXIN_ADMIN_OPTIONS) options: ResolvedWeixinAdminOptions,
    @Inject(ADMIN_THROTTLER_STORAGE) storage: ThrottlerStorageService,
    reflector: Reflector,
  ) {
    super(
      {
        throttlers: [
          { name: 'weixin-admin', limit: options.throttleLimit, ttl: options.throttleTtlMs },
        ],
      },
      storage,
      reflector,
    );
  }
}
