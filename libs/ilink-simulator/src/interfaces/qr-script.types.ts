/** A scripted QR login: the statuses `get_qrcode_status` will answer, in order. */
export interface SimQrScript {
  /**
   * Steps answered one per poll after the QR is created. `confirmed` issues a new bot (or renews
   * `botId` when given). `need_verifycode` waits until a poll carries `verifyCode`; a wrong code
   * answers `need_verifycode` again; `verify_code_blocked` after `maxWrongCodes` wrong codes.
   * `scaned_but_redirect` answers `redirect_host` = `host:port` of the simulator's second listener
   * ("the other IDC", `IlinkSimulator.redirectHost`); later polls must use it (the main listener
   * keeps answering `scaned_but_redirect`). Steps exhausted without a final status: held `wait`.
   * `confirmed`, `expired`, `binded_redirect` and `verify_code_blocked` repeat on later polls.
   */
  steps: (
    | 'wait'
    | 'scaned'
    | 'need_verifycode'
    | 'expired'
    | 'scaned_but_redirect'
    | 'binded_redirect'
    | 'confirmed'
  )[];
  verifyCode?: string;
  maxWrongCodes?: number;
  /** Renew this existing bot on `confirmed` (new token, same id) instead of creating one. */
  botId?: string;
  /**
   * `ilink_user_id` answered on `confirmed` (default: the renewed bot's owner, else a new user).
   * Another bot owned by the same user loses its session (one binding per WeChat user).
   */
  ownerUserId?: string;
}
