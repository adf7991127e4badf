import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches } from 'class-validator';

/** Body of `POST login/:loginId/verify-code`. */
export class VerifyCodeDto {
  /** The digits shown on the phone. */
  @ApiProperty({ example: '123456', pattern: '^\\d{1,10}$' })
  @IsString()
  @Matches(/^\d{1,10}$/, { message: 'code must be 1 to 10 digits' })
  code!: string;
}
