import { OptionalIntField } from './optional-int-field.decorator.js';

/** Body of `POST login`. */
export class StartLoginDto {
  /** Overall deadline of the login in ms (default and upper bound: the module's `loginDeadlineMs`). */
  @OptionalIntField(1000, 3_600_000)
  deadlineMs?: number;
}
