import { WeixinInit1732200000000 } from './migrations/1732200000000-weixin-init.migration.js';

/** The migration classes of nestjs-weixin, in order, for the app's DataSource `migrations`. */
export const WEIXIN_MIGRATIONS = [WeixinInit1732200000000];
