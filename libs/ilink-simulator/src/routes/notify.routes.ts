import { type AuthedEndpoint } from './ilink-endpoint.js';

/** `POST ilink/bot/msg/notifystart` and `notifystop` (protocol §7): acknowledged. */
export const notifyEndpoint: AuthedEndpoint = {
  methods: ['POST'],
  auth: true,
  async handle() {
    return { ret: 0, errmsg: '' };
  },
};
