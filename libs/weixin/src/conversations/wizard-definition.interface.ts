/** A registered wizard: its id, its step numbers in order, its inactivity timeout. */
export interface WizardDefinition {
  readonly id: string;
  /** Ascending. */
  readonly steps: readonly number[];
  /** Inactivity timeout; `undefined`: the module's `conversations.timeoutMs`. */
  readonly timeoutMs?: number;
}

/** The wizards the application declared. */
export interface WizardLookup {
  /** The wizard `id`, if declared. */
  get(id: string): WizardDefinition | undefined;
  /** Every declared id. */
  ids(): string[];
}
