/** Texts of QR login errors and failures; none holds a QR id, a token or a verify code. */
export const LoginMessages = {
  scanQr: (n: number) => `QR code ${n}: scan it with WeChat`,
  orOpenQr: (content: string) => `(or open ${content} on the phone)`,
  notFound: () =>
    'No such QR login is known: it finished long ago or was never started; start a new one',
  invalidVerifyCode: () => 'The verify code must be 1 to 10 digits (the number shown on the phone)',
  notAwaitingCode: (status: string) =>
    `This QR login does not ask for a verify code now (status "${status}"): ` +
    'submit one only after the status need_verifycode',
  finished: (status: string) => `This QR login already ended (status "${status}")`,
  invalidDeadline: (min: number) => `deadlineMs must be an integer of at least ${min}`,
  invalidMaxQrCodes: () => 'maxQrCodes must be an integer of at least 1',
  invalidMaxActive: () => 'maxActiveLogins must be an integer of at least 1',
  tooManyLogins: (max: number) =>
    `${max} QR logins are already in progress: finish or cancel one (DELETE the login) ` +
    'before starting another',
  deadline: (ms: number) => `The QR login did not finish within ${ms} ms: start a new one`,
  qrLimit: (max: number) =>
    `The QR code expired ${max} times (or too many wrong verify codes): start a new login`,
  qrRequestFailed: (reason: string) => `Could not create a login QR code: ${reason}`,
  redirectRefused: (host: string) =>
    `The server redirected the login to "${host}", which is not an allowed host: login stopped ` +
    '(add the host to allowedHosts only if it belongs to Tencent)',
  statusRequestFailed: (reason: string) => `Polling the QR status failed: ${reason}`,
  missingCredentials: (field: string) =>
    `The server confirmed the login without ${field}: login failed, scan a new QR code`,
  alreadyBoundWithoutLocal: () =>
    'The WeChat account is already bound to another client, and no stored bot matches it: ' +
    'unbind it in WeChat or log in on the client that holds it',
  storeFailed: (reason: string) => `The login succeeded but the account was not stored: ${reason}`,
  cancelled: () => 'The QR login was cancelled',
  shutdown: () => 'The application shut down during the QR login',
  replicaLost: () =>
    'The replica running this QR login stopped (it no longer renews its hold): start a new one',
};
