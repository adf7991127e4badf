import {
  Inject,
  Injectable,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
  type OnModuleInit,
} from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { AdminMessages as M } from '../admin.messages.js';
import { WEIXIN_ADMIN_OPTIONS, type ResolvedWeixinAdminOptions } from '../weixin-admin.options.js';
import { ApiKeyMatcher, presentedApiKey } from './api-key.matcher.js';
import { appGuardAllows } from './app-guard-allows.js';

interface HeaderCarrier {
  headers: Record<string, string | string[] | undefined>;
}

/**
 * Authenticates admin requests: a configured API key (`Authorization: Bearer` or `X-Api-Key`), or
 * the app's guard when one is configured; everything passes with `auth: 'disabled'`. Failures
 * answer 401 with `WWW-Authenticate: Bearer`.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate, OnModuleInit {
  private readonly matcher: ApiKeyMatcher;
  private appGuard?: CanActivate;

  constructor(
    @Inject(WEIXIN_ADMIN_OPTIONS) private readonly options: ResolvedWeixinAdminOptions,
    private readonly moduleRef: ModuleRef,
  ) {
    this.matcher = new ApiKeyMatcher(options.apiKeys);
  }

  async onModuleInit(): Promise<void> {
    const type = this.options.guard;
    if (!type) return;
    try {
      this.appGuard = this.moduleRef.get(type, { strict: false });
    } catch {
      this.appGuard = await this.moduleRef.create(type);
    }
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.options.auth === 'disabled') return true;
    const req = context.switchToHttp().getRequest<HeaderCarrier>();
    if (this.matcher.matches(presentedApiKey(req.headers ?? {}))) return true;
    if (this.appGuard && (await appGuardAllows(this.appGuard, context))) return true;
    throw new UnauthorizedException(M.unauthorized());
  }
}
