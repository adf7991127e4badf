/** What `getuploadurl` granted: the CDN accepts one matching ciphertext per ticket use. */
export interface UploadTicket {
  /** The `upload_param` answered (the CDN's `encrypted_query_param`). */
  param: string;
  botId: string;
  filekey: string;
  key: Buffer;
  mediaType: number;
  toUserId: string;
  rawsize: number;
  rawfilemd5: string;
  filesize: number;
}

/** Default most upload tickets kept. */
export const UPLOAD_TICKET_CAPACITY = 10_000;

/** Upload tickets by `upload_param`; beyond `capacity` the oldest is forgotten. */
export class UploadTickets {
  private readonly tickets = new Map<string, UploadTicket>();

  constructor(private readonly capacity = UPLOAD_TICKET_CAPACITY) {}

  add(ticket: UploadTicket): void {
    this.tickets.set(ticket.param, ticket);
    if (this.tickets.size > this.capacity) {
      this.tickets.delete(this.tickets.keys().next().value!);
    }
  }

  get(param: string): UploadTicket | undefined {
    return this.tickets.get(param);
  }

  clear(): void {
    this.tickets.clear();
  }
}
