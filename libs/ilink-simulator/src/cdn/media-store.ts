import { createCipheriv, createDecipheriv } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type Readable } from 'node:stream';
import { type SimUpload } from '../control/control.types.js';
import { opaqueBase64, randomHex } from '../state/ids.js';

/**
 * A downloadable CDN object. Inbound media are stored as the bytes the CDN serves (ciphertext, or
 * plain for key-less images); uploads are stored as decrypted plaintext and re-encrypted when served.
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
  upload?: SimUpload & { botId: string };
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

  /** Registers an accepted upload whose plaintext is at `path`; answers the download param. */
  addUpload(
    upload: Omit<SimUpload, 'encryptedParam'>,
    botId: string,
    path: string,
    key: Buffer,
  ): CdnBlob {
    const param = opaqueBase64();
    const blob: CdnBlob = {
      kind: 'upload',
      param,
      botId,
      path,
      servedSize: Math.ceil((upload.size + 1) / 16) * 16,
      key,
      upload: { ...upload, encryptedParam: param, botId },
    };
    this.blobs.set(param, blob);
    this.uploadsByFilekey.set(upload.filekey, blob);
    return blob;
  }

  get(param: string): CdnBlob | undefined {
    return this.blobs.get(param);
  }

  /** Every accepted upload of a bot, oldest first. */
  uploads(botId: string): SimUpload[] {
    const out: SimUpload[] = [];
    for (const blob of this.blobs.values()) {
      if (blob.kind === 'upload' && blob.upload && blob.botId === botId) {
        const { botId: _botId, ...upload } = blob.upload;
        out.push(upload);
      }
    }
    return out;
  }

  /** The decrypted bytes of the latest upload with this filekey. */
  async readUpload(filekey: string): Promise<Buffer> {
    const blob = this.uploadsByFilekey.get(filekey);
    if (!blob) throw new Error(`no upload with filekey ${filekey}`);
    return readFile(blob.path);
  }

  /** The bytes a CDN download of `blob` answers (ciphertext, or plain for key-less images). */
  openServed(blob: CdnBlob): Readable {
    const file = createReadStream(blob.path, { highWaterMark: 1 << 20 });
    if (blob.kind === 'inbound' || !blob.key) return file;
    return file.pipe(createCipheriv('aes-128-ecb', blob.key, null));
  }

  /** The plaintext of `blob` (decrypted for inbound media). */
  openPlain(blob: CdnBlob): Readable {
    const file = createReadStream(blob.path, { highWaterMark: 1 << 20 });
    if (blob.kind === 'upload' || !blob.key) return file;
    return file.pipe(createDecipheriv('aes-128-ecb', blob.key, null));
  }

  /** Deletes every stored file and forgets every object. */
  async clear(): Promise<void> {
    const paths = [...this.blobs.values()].map((blob) => blob.path);
    this.blobs.clear();
    this.uploadsByFilekey.clear();
    await Promise.all(paths.map((path) => rm(path, { force: true })));
  }
}
