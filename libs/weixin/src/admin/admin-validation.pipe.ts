import { BadRequestException, ValidationPipe, type ArgumentMetadata } from '@nestjs/common';
import { MAX_INPUT_DEPTH, nestsDeeperThan } from './input-depth.js';

const PRIMITIVES: unknown[] = [String, Boolean, Number, Array, Object, Buffer, Date];
const FORBIDDEN_KEYS = ['__proto__', 'constructor', 'prototype'];

/**
 * The validation of every admin route: DTO classes only, unknown fields refused, values
 * transformed to their declared types; a body, query or parameter set that is not a plain object
 * (an array, `null`, a string) is refused too, and so is one nested more than
 * {@link MAX_INPUT_DEPTH} levels deep (checked first: transforming and validating recurse, so a
 * deeper value would overflow the stack). A failure answers 400 listing each field's problem.
 */
export class AdminValidationPipe extends ValidationPipe {
  constructor() {
    super({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      forbidUnknownValues: true,
      validationError: { target: false, value: false },
    });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type !== 'custom' && nestsDeeperThan(value, MAX_INPUT_DEPTH)) {
      throw new BadRequestException({
        statusCode: 400,
        error: 'Bad Request',
        message: [`the ${metadata.type} is nested more than ${MAX_INPUT_DEPTH} levels deep`],
      });
    }
    const dto = metadata.metatype;
    if (typeof dto === 'function' && !PRIMITIVES.includes(dto) && metadata.type !== 'custom') {
      if (value === undefined && metadata.type === 'body') value = {};
      if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        throw new BadRequestException({
          statusCode: 400,
          error: 'Bad Request',
          message: [`the ${metadata.type} must be a JSON object`],
        });
      }
      const forbidden = FORBIDDEN_KEYS.filter((k) =>
        Object.prototype.hasOwnProperty.call(value, k),
      );
      if (forbidden.length > 0) {
        throw new BadRequestException({
          statusCode: 400,
          error: 'Bad Request',
          message: forbidden.map((k) => `property ${k} should not exist`),
        });
      }
    }
    return super.transform(value, metadata);
  }
}

/** A new `AdminValidationPipe`. */
export function createAdminValidationPipe(): ValidationPipe {
  return new AdminValidationPipe();
}
