import { applyDecorators, Get, HttpCode } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOperation } from '@nestjs/swagger';

/**
 * An admin route that acts on something and answers 200 with the result (Nest answers a POST
 * with 201 otherwise): `route` is its `Post(path)` or `Delete(path)`, `summary` its OpenAPI
 * operation.
 */
export function AdminAction(route: MethodDecorator, summary: string): MethodDecorator {
  return applyDecorators(route, HttpCode(200), ApiOperation({ summary }));
}

/**
 * An admin GET of one thing at `path`, its OpenAPI operation `summary`, answering 404 (described
 * by `notFound`) when there is no such thing.
 */
export function AdminLookup(path: string, summary: string, notFound: string): MethodDecorator {
  return applyDecorators(
    Get(path),
    ApiOperation({ summary }),
    ApiNotFoundResponse({ description: notFound }),
  );
}
