/** Texts of the admin API's own errors; none holds a secret. */
export const AdminErrorMessages = {
  serviceMissing: (name: string) =>
    `${name} is not available in this application: this route cannot work until it is registered`,
  notFound: (what: string) => `${what} was not found`,
  accountNeedsLogin: () =>
    'The account needs a new QR login (its session expired): start one with POST login',
  notQueued: (state: string) =>
    `The message is not queued (state "${state}"): it cannot be cancelled`,
};
