/** Commands (`@OnWeixinCommand`). */
export interface WeixinCommandsOptions {
  /**
   * In an app with at least one `@OnWeixinCommand`, answer `/help` with the list of commands
   * (usage and description of each one not `hidden`), before any `@OnWeixinMessage` handler.
   * An app that declares its own `@OnWeixinCommand('help')` replaces it either way.
   * @default true
   */
  help?: boolean;
  /**
   * First line of the generated `/help`.
   * @default 'Commands:'
   */
  helpHeader?: string;
}

/** Conversations (`@WeixinWizard`). */
export interface WeixinConversationsOptions {
  /**
   * How long a wizard waits for the user's next message (each change renews it), unless the
   * wizard sets its own `timeoutMs`.
   * @default 600000 (10 minutes)
   */
  timeoutMs?: number;
  /**
   * Largest wizard state, in bytes of JSON.
   * @default 16384
   */
  maxStateBytes?: number;
}
