import type { TypingClock } from '../interfaces/typing-clock.interface.js';

/** The system clock (`Date.now()`, unref'd `setTimeout`). */
export const SYSTEM_TYPING_CLOCK: TypingClock = {
  now: () => Date.now(),
  setTimeout(fn, ms) {
    const timer = setTimeout(fn, ms);
    timer.unref();
    return { cancel: () => clearTimeout(timer) };
  },
};
