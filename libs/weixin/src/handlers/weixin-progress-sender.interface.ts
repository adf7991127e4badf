import type { ProgressStatus } from '../interfaces/outbound.types.js';

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
