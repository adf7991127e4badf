/** One account the official peer polls. */
export interface OfficialPeerAccount {
  id: string;
  token: string;
}

/** How the official peer's loops run. */
export interface OfficialLoopOptions {
  baseUrl: string;
  accounts: OfficialPeerAccount[];
  /** Handler duration per message, in ms (0: a no-op handler). */
  handlerDelayMs: number;
  /** Whether the handler's reply (`echo: <text>`) goes out through `sendMessageWeixin`. */
  reply: boolean;
  /** Client-side long-poll timeout of `getUpdates`, in ms. */
  longPollTimeoutMs: number;
}

/** A burst of sends in the official client's order: one after another, as its loop sends. */
export interface OfficialSendBurst {
  baseUrl: string;
  token: string;
  accountId: string;
  /** One entry per user: its context token. */
  targets: { to: string; contextToken: string }[];
  /** Sends per target. */
  perTarget: number;
}

/** Figures of the peer process. */
export interface OfficialPeerStats {
  /** Messages handled since the process started. */
  handled: number;
  /** `process.cpuUsage()` user + system, in µs. */
  cpuMicros: number;
  rss: number;
  heapUsed: number;
}

/** Old-generation garbage the peer's full GCs freed between `garbageStart` and `garbageStop`. */
export interface OfficialPeerGarbage {
  /** Bytes freed in the old generation by every full GC, the forced last one included. */
  freedBytes: number;
  /** Of those, what the forced last full GC freed. */
  lastFreedBytes: number;
  fullGcs: number;
}

/** Requests the driver sends the peer process over IPC. */
export type OfficialPeerRequest =
  | { id: number; cmd: 'start'; options: OfficialLoopOptions }
  | { id: number; cmd: 'stop' }
  | { id: number; cmd: 'stats' }
  | { id: number; cmd: 'waitHandled'; count: number }
  | { id: number; cmd: 'sendBurst'; burst: OfficialSendBurst }
  | { id: number; cmd: 'garbageStart' }
  | { id: number; cmd: 'garbageStop' };

/** Answers of the peer process, matched to requests by `id`. */
export type OfficialPeerResponse =
  { id: number; ok: true; result: unknown } | { id: number; ok: false; error: string };
