import { Get, Param, Post, Query } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOperation } from '@nestjs/swagger';
import type { DeadLetter } from '../../persistence/dead-letter.store.js';
import { AdminController } from '../admin-controller.decorator.js';
import { AdminAction } from '../admin-route.decorators.js';
import { DeadLetterQueryDto } from '../dto/dead-letter-query.dto.js';
import { DeadLetterParamsDto } from '../dto/row-id-params.dto.js';
import { AdminDeadLettersService } from '../services/admin-dead-letters.service.js';

/** Inbound messages whose handlers failed every attempt. */
@AdminController('dead-letters', 'dead-letters')
export class DeadLettersController {
  constructor(private readonly admin: AdminDeadLettersService) {}

  @Get()
  @ApiOperation({ summary: 'List dead letters (filter by account, user; page with afterId)' })
  list(@Query() q: DeadLetterQueryDto): Promise<DeadLetter[]> {
    return this.admin.listDeadLetters(q);
  }

  @AdminAction(Post(':id/replay'), 'Handle the message again (back to pending, attempts reset)')
  @ApiNotFoundResponse({ description: 'No such dead letter' })
  replay(@Param() p: DeadLetterParamsDto): Promise<{ id: string; accountId: string }> {
    return this.admin.replayDeadLetter(p.id);
  }
}
