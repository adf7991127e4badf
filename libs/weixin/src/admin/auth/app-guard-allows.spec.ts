import type { CanActivate, ExecutionContext } from '@nestjs/common';
import { EMPTY, of } from 'rxjs';
import { appGuardAllows } from './app-guard-allows.js';

const context = {} as ExecutionContext;
const guard = (answer: ReturnType<CanActivate['canActivate']>): CanActivate => ({
  canActivate: () => answer,
});

describe('appGuardAllows', () => {
  it('allows only an explicit true, whatever the guard answers with', async () => {
    expect(await appGuardAllows(guard(true), context)).toBe(true);
    expect(await appGuardAllows(guard(Promise.resolve(true)), context)).toBe(true);
    expect(await appGuardAllows(guard(of(true)), context)).toBe(true);
    expect(await appGuardAllows(guard(false), context)).toBe(false);
    expect(await appGuardAllows(guard(Promise.resolve(false)), context)).toBe(false);
    expect(await appGuardAllows(guard(of(false)), context)).toBe(false);
    expect(await appGuardAllows(guard(EMPTY), context)).toBe(false);
    expect(await appGuardAllows(guard(of(true, false)), context)).toBe(false);
  });
});
