import type { Provider } from '@nestjs/common';
import { DeliveryAttemptService } from './delivery/delivery-attempt.service.js';
import { DeliveryEvents } from './delivery/delivery.events.js';
import { DeliverySender } from './delivery/delivery.sender.js';
import { DeliveryStore } from './ledger/delivery.store.js';
import { LedgerReplySender } from './ledger-reply.sender.js';
import { OutboxService } from './ledger/outbox.service.js';
import { OwnTokenClaims } from './ledger/own-token.claims.js';
import { ReplyOutbox } from './ledger/reply.outbox.js';
import { ReplyRecordStore } from './ledger/reply-record.store.js';
import { SendBreaker } from './ledger/send.breaker.js';
import { SendLedger } from './ledger/send.ledger.js';
import { WeixinMessageService } from './weixin-message.service.js';
import { WindowReminderService } from './window-reminder.service.js';

/** The providers of the send pipeline, registered by `WeixinModule`. */
export const OUTBOUND_PROVIDERS: Provider[] = [
  DeliveryStore,
  SendLedger,
  SendBreaker,
  DeliveryEvents,
  DeliveryAttemptService,
  DeliverySender,
  OutboxService,
  OwnTokenClaims,
  WeixinMessageService,
  LedgerReplySender,
  ReplyOutbox,
  ReplyRecordStore,
  WindowReminderService,
];
