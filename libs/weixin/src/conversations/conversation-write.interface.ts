/** What the commit of a message writes to the sender's conversation row. */
export type ConversationWrite =
  | {
      readonly kind: 'save';
      readonly scene: string;
      readonly step: number;
      readonly state: Readonly<Record<string, unknown>>;
      readonly timeoutMs: number;
    }
  | { readonly kind: 'clear' };

/** A conversation row as read before a message's handlers run. */
export interface StoredConversation {
  readonly scene: string;
  readonly step: number;
  readonly state: Record<string, unknown>;
  /** Whether its timeout passed (on the database clock). */
  readonly expired: boolean;
}
