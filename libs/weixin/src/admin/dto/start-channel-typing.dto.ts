import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';

/** Body of `POST typing-channels/:channel/users/:userId/typing`. */
export class StartChannelTypingDto {
  /** How long the indicator is held at most, in ms (default: the module's typing maximum). */
  @ApiPropertyOptional({ minimum: 1, maximum: 600_000 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(600_000)
  durationMs?: number;

  /** The id of the user's incoming message (required by NXCloud channels). */
  @ApiPropertyOptional({
    example: 'wamid.HBgNODYxMzMyMDIzNzQ0NhUCABEYEjkzRjVGODY0OTJCQzM5QzQ1MgA=',
  })
  @IsOptional()
  @Matches(/^[\x21-\x7e]{1,256}$/, { message: 'messageId must be 1-256 visible ASCII characters' })
  messageId?: string;
}
