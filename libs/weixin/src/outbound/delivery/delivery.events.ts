import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { WeixinEvents } from '../../weixin.events.js';
import type { StoredDelivery } from '../ledger/delivery.store.js';
import type { DeliveryRecord, DeliveryState } from '../../interfaces/outbound.types.js';

const EVENT_OF: Partial<Record<DeliveryState, string>> = {
  queued: WeixinEvents.DeliveryQueued,
  accepted: WeixinEvents.DeliveryAccepted,
  rejected: WeixinEvents.DeliveryRejected,
  unknown: WeixinEvents.DeliveryUnknown,
  expired: WeixinEvents.DeliveryExpired,
  cancelled: WeixinEvents.DeliveryCancelled,
};

/** The public view of a stored delivery (without the media item and the internal order). */
export function toPublicRecord(r: StoredDelivery): DeliveryRecord {
  const { item: _item, seq: _seq, ...record } = r;
  return record;
}

/** Emits the `weixin.delivery.*` event of each record's state. */
@Injectable()
export class DeliveryEvents {
  constructor(private readonly events: EventEmitter2) {}

  /** Emits one event per record (none for `sending`). */
  emit(records: StoredDelivery[]): void {
    for (const r of records) {
      const name = EVENT_OF[r.state];
      if (name) this.events.emit(name, toPublicRecord(r));
    }
  }
}
