/** Texts of the admin API (errors and start-up checks); none holds a secret. */
export const AdminMessages = {
  noAuth: () =>
    'WeixinAdminModule: no apiKeys and no guard are configured, so every admin route would be ' +
    "open: give apiKeys (or ADMIN_API_KEY in the demo), a guard, or auth: 'disabled' explicitly",
  shortKey: (index: number) =>
    `WeixinAdminModule: apiKeys[${index}] is shorter than 16 characters: use a long random key ` +
    '(openssl rand -base64 32)',
  badNumber: (field: string) => `WeixinAdminModule: ${field} must be a positive integer`,
  unauthorized: () =>
    'Authentication required: send Authorization: Bearer <api key> or X-Api-Key: <api key>',
  noQr: () => 'This login has no QR code now',
  mediaSourceRequired: () => 'Send a file (multipart field "file") or a JSON body with "url"',
  mediaSourceBoth: () => 'Send either a file or a url, not both',
  internal: () => 'Internal error: the request was not completed; see the server log',
  payloadTooLarge: (max: number) => `The file is larger than ${max} bytes`,
};
