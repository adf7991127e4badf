import { OptionalIntField } from './optional-int-field.decorator.js';

/** Body of `POST accounts/:accountId/users/:userId/typing`. */
export class StartTypingDto {
  /** How long the indicator is held at most, in ms (default: the module's typing maximum). */
  @OptionalIntField(1, 600_000)
  durationMs?: number;
}
