import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

/** Body of `POST accounts/:accountId/users/:userId/messages`. */
export class SendTextDto {
  /** The text (split into several messages when longer than the server's limit). */
  @ApiProperty({ maxLength: 65_536 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(65_536)
  text!: string;
}
