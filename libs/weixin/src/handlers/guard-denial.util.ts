import { ForbiddenException } from '@nestjs/common';

/** The message of the `ForbiddenException` Nest throws when a guard returns `false`. */
const GUARD_DENIAL_MESSAGE = 'Forbidden resource';

/**
 * Whether an error rejected by `RegisteredHandler.invoke` means a guard denied the message (the
 * handler did not run), as opposed to a failure of the handler.
 */
export function isWeixinGuardDenial(error: unknown): boolean {
  return error instanceof ForbiddenException && error.message === GUARD_DENIAL_MESSAGE;
}
