import { Delete, Get, Param, Query } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import type { DeliveryRecord } from '../../interfaces/outbound.types.js';
import { AdminController } from '../admin-controller.decorator.js';
import { AdminAction, AdminLookup } from '../admin-route.decorators.js';
import { AccountParamsDto } from '../dto/account-params.dto.js';
import { OutboxQueryDto } from '../dto/outbox-query.dto.js';
import { DeliveryParamsDto, OutboxEntryParamsDto } from '../dto/row-id-params.dto.js';
import { AdminSendsService } from '../services/admin-sends.service.js';

/** Delivery records and the outbox. */
@AdminController('', 'deliveries')
export class DeliveriesController {
  constructor(private readonly admin: AdminSendsService) {}

  @AdminLookup('deliveries/:deliveryId', 'One delivery record', 'Unknown delivery')
  get(@Param() p: DeliveryParamsDto): Promise<DeliveryRecord> {
    return this.admin.getDelivery(p.deliveryId);
  }

  @Get('accounts/:accountId/outbox')
  @ApiOperation({ summary: 'Queued messages of the account, in sending order, one page' })
  outbox(@Param() p: AccountParamsDto, @Query() q: OutboxQueryDto): Promise<DeliveryRecord[]> {
    return this.admin.listOutbox(p.accountId, {
      userId: q.userId,
      afterId: q.afterId,
      limit: q.limit,
    });
  }

  @AdminAction(Delete('accounts/:accountId/outbox/:deliveryId'), 'Cancel a queued message')
  cancel(@Param() p: OutboxEntryParamsDto): Promise<DeliveryRecord> {
    return this.admin.cancelOutbox(p.accountId, p.deliveryId);
  }
}
