import { PatternField } from './id-fields.decorator.js';
import { LOGIN_ID_PATTERN } from './id-patterns.js';

/** Route parameters naming a QR login. */
export class LoginParamsDto {
  /** The login id answered by `POST login`. */
  @PatternField(LOGIN_ID_PATTERN, 'loginId must be a login id answered by POST login')
  loginId!: string;
}
