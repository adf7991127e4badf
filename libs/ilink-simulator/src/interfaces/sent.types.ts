/** One `sendmessage` call the simulator received, accepted or not. */
export interface SimSent {
  /** Server message id answered (accepted sends only). */
  messageId?: string;
  toUserId: string;
  clientId?: string;
  contextToken?: string;
  /** The single item of `item_list` as received (raw JSON). */
  item: Record<string, unknown>;
  /** Convenience: `item.text_item.text` for text items. */
  text?: string;
  /** Convenience: the progress item (types 11/12, protocol §9.5) when it is one. */
  progress?: SimProgress;
  /** Convenience: `svr_id` of the item's `ref_msg` when it quotes a message. */
  quotedSvrId?: string;
  accepted: boolean;
  ret: number;
  errmsg: string;
  /** Simulator clock when received. */
  at: number;
  /** For a voice item: what its SILK upload decodes to, and whether the server dropped it. */
  voice?: SimVoice;
}

/** A voice item the simulator received, decoded with `silk-wasm` (24 000 Hz, mono, 16-bit). */
export interface SimVoice {
  /** `voice_item.playtime` as sent (ms). */
  playtimeMs?: number;
  /** Length of the audio the uploaded SILK decodes to (ms); 0 when it does not decode. */
  decodedMs: number;
  /** The upload's `filekey` (`readUpload` answers the SILK bytes). */
  filekey: string;
  /** Answered `ret 0` but never shown to the user (`setVoiceOut('drop')`). */
  dropped: boolean;
}

/**
 * How the simulated server answers a well-formed native voice item (reports differ, protocol
 * §18): `accept` it (`ret 0`, shown), `refuse` it (`ret -2`, empty `errmsg`), or `drop` it
 * (`ret 0` with a `message_id`, never shown).
 */
export type SimVoiceOut = 'accept' | 'refuse' | 'drop';
/** A tool-call progress item the bot sent. */
export interface SimProgress {
  /** `start` (type 11) or `result` (type 12). */
  phase: 'start' | 'result';
  tool: string;
  callId: string;
  /** The result's `status` (`completed`, `failed`, `blocked`, `unknown`). */
  status?: string;
}

/** The reply quota of a user's latest context token, as the simulator counts it. */
export interface SimQuota {
  /** The user's latest context token (none: the user never wrote). */
  contextToken?: string;
  /** Accepted bot messages under it: every item type counts, progress items included. */
  accepted: number;
  /** Of those, progress items (types 11/12). */
  progress: number;
  /** Replies left of the quota (10). */
  left: number;
}
