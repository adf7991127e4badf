import { applyDecorators, Controller, UseFilters, UseGuards, UsePipes } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiSecurity,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { AdminExceptionFilter } from './admin-exception.filter.js';
import { createAdminValidationPipe } from './admin-validation.pipe.js';
import { AdminThrottlerGuard } from './auth/admin-throttler.guard.js';
import { ApiKeyGuard } from './auth/api-key.guard.js';

/**
 * Marks an admin controller: its routes are throttled, authenticated, validated and answer errors
 * through `AdminExceptionFilter`; described for Swagger under `tag`.
 */
export function AdminController(path: string, tag: string): ClassDecorator {
  return applyDecorators(
    Controller(path),
    UseGuards(AdminThrottlerGuard, ApiKeyGuard),
    UsePipes(createAdminValidationPipe()),
    UseFilters(AdminExceptionFilter),
    ApiTags(tag),
    ApiBearerAuth(),
    ApiSecurity('api-key'),
    ApiUnauthorizedResponse({ description: 'No valid API key' }),
    ApiBadRequestResponse({ description: 'Invalid parameters, query or body (fields named)' }),
    ApiTooManyRequestsResponse({ description: 'Too many requests' }),
  );
}
