import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { OptionalIntField } from './optional-int-field.decorator.js';

/** Body of `POST typing-channels/:channel/users/:userId/typing`. */
export class StartChannelTypingDto {
  /** How long the indicator is held at most, in ms (default: the module's typing maximum). */
  @OptionalIntField(1, 600_000)
  durationMs?: number;

  /** The id of the user's incoming message (required by NXCloud channels). */
  @ApiPropertyOptional({
    example: 'wamid.HBgNODYxMzMyMDIzNzQ0NhUCABEYEjkzRjVGODY0OTJCQzM5QzQ1MgA=',
  })
  @IsOptional()
  @Matches(/^[\x21-\x7e]{1,256}$/, { message: 'messageId must be 1-256 visible ASCII characters' })
  messageId?: string;
}
