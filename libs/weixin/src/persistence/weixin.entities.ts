import { WeixinChannelTokenEntity } from './entities/weixin-channel-token.entity.js';
import { WeixinConversationEntity } from './entities/weixin-conversation.entity.js';
import { WeixinAccountEntity } from './entities/weixin-account.entity.js';
import { WeixinInboxEntity } from './entities/weixin-inbox.entity.js';
import { WeixinInboxOpenEntity } from './entities/weixin-inbox-open.entity.js';
import { WeixinLeaseEntity } from './entities/weixin-lease.entity.js';
import { WeixinLoginEntity } from './entities/weixin-login.entity.js';
import { WeixinReplicaEntity } from './entities/weixin-replica.entity.js';
import { WeixinContextTokenEntity } from './entities/weixin-context-token.entity.js';
import { WeixinUserContextEntity } from './entities/weixin-user-context.entity.js';
import { WeixinTypingTicketEntity } from './entities/weixin-typing-ticket.entity.js';
import {
  WeixinDeliveryEntity,
  WeixinSendBreakerEntity,
} from './entities/weixin-outbound.entities.js';

/** The entity classes of nestjs-weixin, for the app's DataSource `entities`. */
export const WEIXIN_ENTITIES = [
  WeixinAccountEntity,
  WeixinLeaseEntity,
  WeixinReplicaEntity,
  WeixinLoginEntity,
  WeixinUserContextEntity,
  WeixinContextTokenEntity,
  WeixinInboxEntity,
  WeixinInboxOpenEntity,
  WeixinTypingTicketEntity,
  WeixinDeliveryEntity,
  WeixinSendBreakerEntity,
  WeixinChannelTokenEntity,
  WeixinConversationEntity,
];
