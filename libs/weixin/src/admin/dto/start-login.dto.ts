import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

/** Body of `POST login`. */
export class StartLoginDto {
  /** Overall deadline of the login in ms (default and upper bound: the module's `loginDeadlineMs`). */
  @ApiPropertyOptional({ minimum: 1000, maximum: 3_600_000 })
  @IsOptional()
  @IsInt()
  @Min(1000)
  @Max(3_600_000)
  deadlineMs?: number;
}
