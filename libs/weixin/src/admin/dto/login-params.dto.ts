import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { LOGIN_ID_PATTERN } from './id-patterns.js';

/** Route parameters naming a QR login. */
export class LoginParamsDto {
  /** The login id answered by `POST login`. */
  @ApiProperty({ pattern: LOGIN_ID_PATTERN.source })
  @Matches(LOGIN_ID_PATTERN, { message: 'loginId must be a login id answered by POST login' })
  loginId!: string;
}
