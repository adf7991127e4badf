import type { Provider } from '@nestjs/common';
import { InboxDispatcher } from './inbox-dispatcher.service.js';
import { InboxRetentionService } from './inbox-retention.service.js';
import { QuoteResolver } from './quote.resolver.js';
import { RowContextFactory } from './row-context.factory.js';
import { RowOutcomeFactory } from './row-outcome.factory.js';
import { RowProcessor } from './row-processor.service.js';
import { RowSettlement } from './row-settlement.service.js';

/** The providers of the inbox dispatcher and the inbox retention, for `WeixinModule`. */
export const INBOX_PROVIDERS: Provider[] = [
  RowContextFactory,
  RowOutcomeFactory,
  RowSettlement,
  RowProcessor,
  InboxDispatcher,
  QuoteResolver,
  InboxRetentionService,
];
