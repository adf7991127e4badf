/** Typing state of (bot, user) and every `sendtyping` received. */
export interface SimTyping {
  /**
   * `typing` while the last `sendtyping` was status 1 and is younger than the simulator's
   * `typingIndicatorMs` (default 20 s of simulator time: the indicator needs keep-alives).
   */
  status: 'typing' | 'idle';
  events: { status: number; at: number; ticket: string }[];
  /** How many `getconfig` calls this user caused. */
  getconfigCalls: number;
}
