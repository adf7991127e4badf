import type { CanActivate, ExecutionContext } from '@nestjs/common';
import { isObservable, lastValueFrom } from 'rxjs';

/**
 * Runs the app's guard for an admin route. `canActivate` may answer a boolean, a Promise or an
 * Observable; only an explicit `true` lets the request through (an Observable's last value).
 */
export async function appGuardAllows(
  guard: CanActivate,
  context: ExecutionContext,
): Promise<boolean> {
  const answer = await guard.canActivate(context);
  const value = isObservable(answer)
    ? await lastValueFrom(answer, { defaultValue: false })
    : answer;
  return value === true;
}
