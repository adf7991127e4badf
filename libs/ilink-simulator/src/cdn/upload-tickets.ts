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

/** Upload tickets by `upload_param`. */
export class UploadTickets {
  private readonly tickets = new Map<string, UploadTicket>();

  add(ticket: UploadTicket): void {
    this.tickets.set(ticket.param, ticket);
  }

  get(param: string): UploadTicket | undefined {
    return this.tickets.get(param);
  }

  clear(): void {
    this.tickets.clear();
  }
}
