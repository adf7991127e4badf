import { createDecipheriv } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type Readable } from 'node:stream';
import { type SimUpload } from '../interfaces/upload.types.js';
import { opaqueBase64, randomHex } from '../protocol/ids.js';
import { decryptEcb } from './aes-ecb.js';
import { checkUpload } from './upload-check.js';
import { type UploadTicket } from './upload-tickets.js';

/** An upload as the store keeps it: its public record, and whether its check has finished. */
export type StoredUpload = Omit<SimUpload, 'check'> & {
  botId: string;
  /** `pending` until the background check of the plaintext has settled. */
  check: SimUpload['check'] | 'pending';
};

/**
 * A downloadable CDN object, stored as the bytes the CDN serves: ciphertext (inbound media and
 * uploads, the latter exactly as received), or plain bytes for key-less inbound images.
 */
export interface CdnBlob {
  kind: 'inbound' | 'upload';
  /** The download `encrypted_query_param`. */
  param: string;
  botId: string;
  path: string;
  /** Bytes served by a download. */
  servedSize: number;
  /** The AES key; undefined for plain inbound images. */
  key?: Buffer;
  /** For uploads: the recipient and the public record. */
  upload?: StoredUpload;
  /** For uploads: settles (never rejects) once the plaintext check has filled in `upload`. */
  checked?: Promise<void>;
}

/** CDN files on disk: inbound media and accepted uploads. */
export class MediaStore {
  private readonly blobs = new Map<string, CdnBlob>();
  private readonly uploadsByFilekey = new Map<string, CdnBlob>();

  constructor(private readonly dir: string) {}

  /** A fresh file path inside the store's folder. */
  newPath(prefix: string): string {
    return join(this.dir, `${prefix}-${randomHex(12)}.bin`);
  }

  /** Stores inbound media (`served` = the bytes downloads answer) and answers its param. */
  async putInbound(botId: string, served: Buffer, key: Buffer | undefined): Promise<CdnBlob> {
    const path = this.newPath('in');
    await writeFile(path, served);
    const blob: CdnBlob = {
      kind: 'inbound',
      param: opaqueBase64(),
      botId,
      path,
      servedSize: served.length,
      key,
    };
    this.blobs.set(blob.param, blob);
    return blob;
  }

  /**
   * Registers an upload whose ciphertext (of the ticket's `filesize`) is at `path`, answers its
   * download param, and starts the check of its plaintext against the ticket.
   */
  addUpload(ticket: UploadTicket, path: string): CdnBlob {
    const param = opaqueBase64();
    const upload: StoredUpload = {
      filekey: ticket.filekey,
      toUserId: ticket.toUserId,
      mediaType: ticket.mediaType,
      rawsize: ticket.rawsize,
      rawfilemd5: ticket.rawfilemd5,
      size: 0,
      plaintextMd5: '',
      check: 'pending',
      encryptedParam: param,
      botId: ticket.botId,
    };
    const blob: CdnBlob = {
      kind: 'upload',
      param,
      botId: ticket.botId,
      path,
      servedSize: ticket.filesize,
      key: ticket.key,
      upload,
    };
    blob.checked = checkUpload(path, ticket).then((verdict) => {
      upload.size = verdict.size;
      upload.plaintextMd5 = verdict.plaintextMd5;
      upload.check = verdict.error === undefined ? 'passed' : 'failed';
      if (verdict.error !== undefined) upload.error = verdict.error;
    });
    this.blobs.set(param, blob);
    this.uploadsByFilekey.set(ticket.filekey, blob);
    return blob;
  }

  get(param: string): CdnBlob | undefined {
    return this.blobs.get(param);
  }

  /** Waits until the upload behind `param` (if it is one) has been checked. */
  async settle(param: string | undefined): Promise<void> {
    if (param !== undefined) await this.blobs.get(param)?.checked;
  }

  /** Every upload of a bot, oldest first, once each has been checked. */
  async uploads(botId: string): Promise<SimUpload[]> {
    const blobs = [...this.blobs.values()].filter(
      (blob) => blob.kind === 'upload' && blob.upload && blob.botId === botId,
    );
    await Promise.all(blobs.map((blob) => blob.checked));
    return blobs.map((blob) => {
      const { botId: _botId, check, ...upload } = blob.upload!;
      return { ...upload, check: check === 'pending' ? 'failed' : check };
    });
  }

  /** The decrypted bytes of the latest upload with this filekey (one that passed its check). */
  async readUpload(filekey: string): Promise<Buffer> {
    const blob = this.uploadsByFilekey.get(filekey);
    if (!blob?.key) throw new Error(`no upload with filekey ${filekey}`);
    await blob.checked;
    if (blob.upload?.error) {
      throw new Error(`upload ${filekey} failed the CDN's check: ${blob.upload.error}`);
    }
    return decryptEcb(blob.key, await readFile(blob.path));
  }

  /** The bytes a CDN download of `blob` answers (ciphertext, or plain for key-less images). */
  openServed(blob: CdnBlob): Readable {
    return createReadStream(blob.path, { highWaterMark: 1 << 20 });
  }

  /** The plaintext of `blob`. */
  openPlain(blob: CdnBlob): Readable {
    const file = createReadStream(blob.path, { highWaterMark: 1 << 20 });
    if (!blob.key) return file;
    return file.pipe(createDecipheriv('aes-128-ecb', blob.key, null));
  }

  /** Deletes every stored file and forgets every object. */
  async clear(): Promise<void> {
    const blobs = [...this.blobs.values()];
    const paths = blobs.map((blob) => blob.path);
    this.blobs.clear();
    this.uploadsByFilekey.clear();
    await Promise.all(blobs.map((blob) => blob.checked));
    await Promise.all(paths.map((path) => rm(path, { force: true })));
  }
}
