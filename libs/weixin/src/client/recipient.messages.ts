/** Texts of the recipient check. */
export const RecipientMessages = {
  invalidRecipient: (userId: unknown) =>
    `send(): ${JSON.stringify(String(userId)).slice(0, 80)} is not a WeChat user id: give ` +
    '<openid>@im.wechat exactly as the user\'s messages carry it (no prefix such as "user:"); ' +
    'the server answers ret -3 "invalid arguments" to anything else',
};
