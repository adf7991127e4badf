/** What a row run needs of its dispatcher: when to stop. */
export interface RowScope {
  /** Aborts when the dispatcher stops (shutdown). */
  readonly signal: AbortSignal;
  /** Whether the row must not go on here: its account was given up, or the dispatcher stops. */
  stopped(): boolean;
}
