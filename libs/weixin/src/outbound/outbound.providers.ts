import type { Provider } from '@nestjs/common';
import { DeliveryEvents } from './delivery-events.js';
import { DeliverySender } from './delivery-sender.js';
import { DeliveryStore } from './delivery.store.js';
import { LedgerReplySender } from './ledger-reply.sender.js';
import { OutboxService } from './outbox.service.js';
import { OwnTokenClaims } from './own-token.claims.js';
import { ReplyOutbox } from './reply-outbox.js';
import { ReplyRecordStore } from './reply-record.store.js';
import { SendBreaker } from './send-breaker.js';
import { SendLedger } from './send-ledger.js';
import { WeixinMessageService } from './weixin-message.service.js';
import { WindowReminderService } from './window-reminder.service.js';

/** The providers of the send pipeline, registered by `WeixinModule`. */
export const OUTBOUND_PROVIDERS: Provider[] = [
  DeliveryStore,
  SendLedger,
  SendBreaker,
  DeliveryEvents,
  DeliverySender,
  OutboxService,
  OwnTokenClaims,
  WeixinMessageService,
  LedgerReplySender,
  ReplyOutbox,
  ReplyRecordStore,
  WindowReminderService,
];
