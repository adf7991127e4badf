/** Texts of option errors: each names the field and the fix. */
export const OptionsMessages = {
  coreMissing: (module: string) =>
    `${module} needs WeixinModule registered globally in the same app: import ` +
    'WeixinModule.forRoot({ isGlobal: true, … }) (or forRootAsync({ isGlobal: true, … })) in your ' +
    `root module, then ${module}.`,
  invalid: (problems: string[]) =>
    `Invalid WeixinModule options:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
  positiveInt: (field: string, value: unknown) =>
    `${field} must be a positive integer (got ${JSON.stringify(value)})`,
  url: (field: string, value: unknown) =>
    `${field} must be an absolute http(s) URL (got ${JSON.stringify(value)})`,
  required: (field: string, fix: string) => `${field} is required: ${fix}`,
  duplicateChannel: (name: string) =>
    `typing.channels names "${name}" twice (or uses the reserved "ilink"): give each channel its own name`,
  duplicateAccount: (id: string) =>
    `accounts contains the id "${id}" twice: give each account once`,
  unknownCurrentKey: (id: string) =>
    `encryption.currentKeyId "${id}" is not a key of encryption.keys: add it or choose an existing id`,
  oneOf: (field: string, allowed: readonly string[], value: unknown) =>
    `${field} must be one of ${allowed.map((a) => `'${a}'`).join(', ')} (got ${JSON.stringify(value)})`,
  nonNegativeInt: (field: string, value: unknown) =>
    `${field} must be a non-negative integer (got ${JSON.stringify(value)})`,
  atLeast: (field: string, min: number, value: unknown) =>
    `${field} must be at least ${min} (got ${JSON.stringify(value)})`,
  atMost: (field: string, max: number, value: unknown, why: string) =>
    `${field} must be at most ${max}: ${why} (got ${JSON.stringify(value)})`,
  lessThan: (a: string, b: string) => `${a} must be less than ${b}`,
  boolean: (field: string, value: unknown) =>
    `${field} must be true or false (got ${JSON.stringify(value)})`,
  missingEncryption: () =>
    'encryption is required: set encryption.keys and encryption.currentKeyId, or the env ' +
    'variable WEIXIN_ENCRYPTION_KEY to a 32-byte key in base64 (openssl rand -base64 32)',
};
