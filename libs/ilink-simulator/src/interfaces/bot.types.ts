/** A bot account known to the simulator. */
export interface SimBot {
  botId: string;
  token: string;
  /** The WeChat user who "scanned" the bot (`ilink_user_id` of the login). */
  ownerUserId: string;
}
