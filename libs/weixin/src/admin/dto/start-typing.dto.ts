import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

/** Body of `POST accounts/:accountId/users/:userId/typing`. */
export class StartTypingDto {
  /** How long the indicator is held at most, in ms (default: the module's typing maximum). */
  @ApiPropertyOptional({ minimum: 1, maximum: 600_000 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(600_000)
  durationMs?: number;
}
