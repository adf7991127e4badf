import { WeixinError } from '../errors/weixin.error.js';

/** No account with this id is stored. */
export class WeixinUnknownAccountError extends WeixinError {
  constructor(readonly accountId: string) {
    super(
      `No Weixin account "${accountId}" is stored: add it with WeixinAccountsService.add() or the module's accounts option`,
      'WEIXIN_UNKNOWN_ACCOUNT',
    );
  }
}
