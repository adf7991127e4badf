/** Events the admin API emits through `@nestjs/event-emitter`. */
export const WeixinAdminEvents = {
  /**
   * Dead letters were set back to `pending`. The replica that holds the account's lease picks
   * them up with its pending sweep. Payload: `WeixinDeadLettersReplayedEvent`.
   */
  DeadLettersReplayed: 'weixin.dead-letters.replayed',
} as const;

/** Payload of `weixin.dead-letters.replayed`. */
export interface WeixinDeadLettersReplayedEvent {
  accountId: string;
  inboxIds: string[];
}
