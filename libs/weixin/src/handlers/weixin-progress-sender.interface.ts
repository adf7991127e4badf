import type { DeliveryRecord, ProgressStatus, ProgressStep } from '../outbound/outbound.types.js';
import type { WeixinMessageContext } from './weixin-message.context.js';

/** Sends progress items for `WeixinMessageContext.progress()`; the dispatcher passes one in. */
export interface WeixinProgressSender {
  /**
   * Sends `step` now to the sender of the message of `ctx` as its `n`-th progress item
   * (1-based; the number makes it idempotent across runs of the message). Answers its record.
   */
  sendProgress(ctx: WeixinMessageContext, step: ProgressStep, n: number): Promise<DeliveryRecord>;
}

/** What `ctx.progress()` takes. */
export interface WeixinProgressUpdate {
  /** What is being worked on (`tool_name`), e.g. `search the web`; 1 to 256 characters. */
  tool: string;
  /**
   * The result of the step; omit to announce its start.
   */
  status?: ProgressStatus;
  /**
   * Pairs a result with its start (`tool_call_id`).
   * @default for a start a new id; for a result the id of the latest unfinished start of `tool`
   */
  callId?: string;
}
