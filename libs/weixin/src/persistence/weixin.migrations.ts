import { WeixinChannelToken1732700000000 } from './migrations/1732700000000-weixin-channel-token.migration.js';
import { WeixinInit1732200000000 } from './migrations/1732200000000-weixin-init.migration.js';
import { WeixinInboxRetention1732500000000 } from './migrations/1732500000000-weixin-inbox-retention.migration.js';
import { WeixinLedgerRetired1732600000000 } from './migrations/1732600000000-weixin-ledger-retired.migration.js';
import { WeixinTyping1732400000000 } from './migrations/1732400000000-weixin-typing.migration.js';
import { WeixinOutbound1732300000000 } from './migrations/1732300000000-weixin-outbound.migration.js';
import { WeixinLogin1732820000000 } from './migrations/1732820000000-weixin-login.migration.js';
import { WeixinContextToken1732830000000 } from './migrations/1732830000000-weixin-context-token.migration.js';
import { WeixinVoiceReminder1733010000000 } from './migrations/1733010000000-weixin-voice-reminder.migration.js';
import { WeixinQuoteLookup1733020000000 } from './migrations/1733020000000-weixin-quote-lookup.migration.js';
import { WeixinProgressKind1733021000000 } from './migrations/1733021000000-weixin-progress-kind.migration.js';
import { WeixinConversation1733030000000 } from './migrations/1733030000000-weixin-conversation.migration.js';
import { WeixinInboxOpen1733040000000 } from './migrations/1733040000000-weixin-inbox-open.migration.js';
import { WeixinReplica1732810000000 } from './migrations/1732810000000-weixin-replica.migration.js';

/** The migration classes of nestjs-weixin, in order, for the app's DataSource `migrations`. */
export const WEIXIN_MIGRATIONS = [
  WeixinInit1732200000000,
  WeixinOutbound1732300000000,
  WeixinTyping1732400000000,
  WeixinInboxRetention1732500000000,
  WeixinLedgerRetired1732600000000,
  WeixinChannelToken1732700000000,
  WeixinReplica1732810000000,
  WeixinLogin1732820000000,
  WeixinContextToken1732830000000,
  WeixinVoiceReminder1733010000000,
  WeixinQuoteLookup1733020000000,
  WeixinProgressKind1733021000000,
  WeixinConversation1733030000000,
  WeixinInboxOpen1733040000000,
];
