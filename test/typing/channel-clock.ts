import type { TypingService } from 'nestjs-weixin';
import type { ManualClock } from 'nestjs-weixin/testing';
import { waitFor } from '../support/wait-for.js';

/** Resolves once no typing call is queued or running (real time only waits for I/O). */
export async function settle(...services: TypingService[]): Promise<void> {
  await waitFor(
    () => services.every((s) => s.stats().pendingCalls === 0),
    'typing calls to finish',
    15_000,
    2,
  );
}

/**
 * Moves the shared manual clock forward `ms` in steps of `stepMs`, letting every typing call of
 * `services` finish after each step, and calling `each` (with the elapsed ms) before each step.
 */
export async function runClock(
  clock: ManualClock,
  services: TypingService[],
  ms: number,
  stepMs = 100,
  each: (elapsed: number) => void | Promise<void> = () => undefined,
): Promise<void> {
  for (let elapsed = 0; elapsed < ms; elapsed += stepMs) {
    await each(elapsed);
    clock.advance(stepMs);
    await settle(...services);
  }
}
