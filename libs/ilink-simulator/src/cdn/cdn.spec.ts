import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { startSimulator } from '../index.js';
import { BASE_INFO, ilinkPost, type RawAnswer } from '../testing/raw-ilink.js';
import { useSimWithBot } from '../testing/sim-spec.fixture.js';

const USER = 'o9cq8frank@im.wechat';
const VECTOR_KEY = '00112233445566778899aabbccddeeff';

function encrypt(keyHex: string, plain: Buffer): Buffer {
  const cipher = createCipheriv('aes-128-ecb', Buffer.from(keyHex, 'hex'), null);
  return Buffer.concat([cipher.update(plain), cipher.final()]);
}

function decrypt(key: Buffer, data: Buffer): Buffer {
  const decipher = createDecipheriv('aes-128-ecb', key, null);
  return Buffer.concat([decipher.update(data), decipher.final()]);
}

const md5 = (data: Buffer): string => createHash('md5').update(data).digest('hex');
const sizeOf = (raw: number): number => Math.ceil((raw + 1) / 16) * 16;

describe('getuploadurl and the CDN', () => {
  const t = useSimWithBot({ greetFrom: USER });

  const uploadUrl = (fields: Record<string, unknown>): Promise<RawAnswer> =>
    ilinkPost(
      t.sim.baseUrl,
      'getuploadurl',
      { ...fields, base_info: BASE_INFO },
      { token: t.bot.token },
    );

  function describeFile(plain: Buffer, keyHex: string, extra: Record<string, unknown> = {}) {
    return {
      filekey: randomBytes(16).toString('hex'),
      media_type: 3,
      to_user_id: USER,
      rawsize: plain.length,
      rawfilemd5: md5(plain),
      filesize: sizeOf(plain.length),
      no_need_thumb: true,
      aeskey: keyHex,
      ...extra,
    };
  }

  async function upload(url: string, body: Buffer, contentType = 'application/octet-stream') {
    return fetch(url, { method: 'POST', headers: { 'Content-Type': contentType }, body });
  }

  it('round-trips the §12.1 vector: upload, decrypted store, download, send', async () => {
    const plain = Buffer.from('hello');
    const fields = describeFile(plain, VECTOR_KEY);
    const grant = await uploadUrl(fields);
    expect(grant.json.ret).toBe(0);
    const param = grant.json.upload_param as string;
    const fullUrl = grant.json.upload_full_url as string;
    expect(fullUrl).toBe(
      `${t.sim.cdnBaseUrl}/upload?encrypted_query_param=${encodeURIComponent(param)}&filekey=${fields.filekey}`,
    );
    const ciphertext = Buffer.from('9d86c8612e085e93a235794a708af7a9', 'hex');
    expect(encrypt(VECTOR_KEY, plain)).toEqual(ciphertext);
    const response = await upload(fullUrl, ciphertext);
    expect(response.status).toBe(200);
    const downloadParam = response.headers.get('x-encrypted-param');
    expect(downloadParam).toEqual(expect.any(String));

    expect(await t.sim.control.readUpload(fields.filekey)).toEqual(plain);
    expect(await t.sim.control.uploads(t.bot.botId)).toEqual([
      {
        filekey: fields.filekey,
        toUserId: USER,
        mediaType: 3,
        rawsize: 5,
        rawfilemd5: md5(plain),
        size: 5,
        plaintextMd5: md5(plain),
        check: 'passed',
        encryptedParam: downloadParam,
      },
    ]);

    const download = await fetch(
      `${t.sim.cdnBaseUrl}/download?encrypted_query_param=${encodeURIComponent(downloadParam ?? '')}`,
    );
    expect(download.status).toBe(200);
    expect(Buffer.from(await download.arrayBuffer())).toEqual(ciphertext);

    const fileItem = (aesKey: string, len = '5') => ({
      type: 4,
      file_item: {
        media: { encrypt_query_param: downloadParam, aes_key: aesKey, encrypt_type: 1 },
        file_name: 'hello.txt',
        len,
      },
    });
    const sendItem = (item: unknown) =>
      ilinkPost(
        t.sim.baseUrl,
        'sendmessage',
        {
          msg: {
            from_user_id: '',
            to_user_id: USER,
            client_id: 'c1',
            message_type: 2,
            message_state: 2,
            context_token: t.greeting.contextToken,
            item_list: [item],
          },
          base_info: BASE_INFO,
        },
        { token: t.bot.token },
      );
    const hexKeyB64 = Buffer.from(VECTOR_KEY).toString('base64');
    expect(hexKeyB64).toBe('MDAxMTIyMzM0NDU1NjY3Nzg4OTlhYWJiY2NkZGVlZmY=');
    const rawKeyB64 = Buffer.from(VECTOR_KEY, 'hex').toString('base64');
    expect((await sendItem(fileItem(rawKeyB64))).json.ret).toBe(-2);
    expect((await sendItem(fileItem(hexKeyB64, '16'))).json.ret).toBe(-2);
    expect((await sendItem(fileItem(hexKeyB64))).json.ret).toBe(0);
  });

  it('streams a multi-megabyte upload and checks size and md5', async () => {
    const plain = randomBytes(5 * 1024 * 1024 + 3);
    const key = randomBytes(16).toString('hex');
    const fields = describeFile(plain, key, { media_type: 2 });
    const grant = await uploadUrl(fields);
    const response = await upload(grant.json.upload_full_url as string, encrypt(key, plain));
    expect(response.status).toBe(200);
    const stored = await t.sim.control.readUpload(fields.filekey);
    expect(stored.length).toBe(plain.length);
    expect(md5(stored)).toBe(md5(plain));
  });

  it.each([
    ['a short body', (plain: Buffer, key: string) => encrypt(key, plain).subarray(16)],
    [
      'a long body',
      (plain: Buffer, key: string) => Buffer.concat([encrypt(key, plain), Buffer.alloc(16)]),
    ],
  ])('refuses %s with 400 and x-error-message, storing nothing', async (_name, build) => {
    const plain = randomBytes(1000);
    const key = randomBytes(16).toString('hex');
    const grant = await uploadUrl(describeFile(plain, key));
    expect(grant.json.ret).toBe(0);
    const response = await upload(grant.json.upload_full_url as string, build(plain, key));
    expect(response.status).toBe(400);
    expect(response.headers.get('x-error-message')).toMatch(/size/);
    expect(response.headers.get('x-encrypted-param')).toBeNull();
    expect(await t.sim.control.uploads(t.bot.botId)).toEqual([]);
  });

  it.each([
    [
      'a wrong md5',
      (plain: Buffer, key: string) => ({
        fields: describeFile(plain, key, { rawfilemd5: md5(Buffer.from('x')) }),
        body: encrypt(key, plain),
        error: /md5 .* differs from rawfilemd5/,
      }),
    ],
    [
      'another key (bad padding)',
      (plain: Buffer, key: string) => ({
        fields: describeFile(plain, key),
        body: encrypt(VECTOR_KEY, plain),
        error: /padding/,
      }),
    ],
  ])('stores %s, fails its check and refuses to send it', async (_name, build) => {
    const plain = randomBytes(1000);
    const key = randomBytes(16).toString('hex');
    const { fields, body, error } = build(plain, key);
    const grant = await uploadUrl(fields);
    expect(grant.json.ret).toBe(0);
    const response = await upload(grant.json.upload_full_url as string, body);
    expect(response.status).toBe(200);
    const param = response.headers.get('x-encrypted-param')!;
    const sent = await ilinkPost(
      t.sim.baseUrl,
      'sendmessage',
      {
        msg: {
          from_user_id: '',
          to_user_id: USER,
          client_id: 'c-check',
          message_type: 2,
          message_state: 2,
          context_token: t.greeting.contextToken,
          item_list: [
            {
              type: 4,
              file_item: {
                media: {
                  encrypt_query_param: param,
                  aes_key: Buffer.from(key).toString('base64'),
                  encrypt_type: 1,
                },
                file_name: 'x.bin',
                len: String(plain.length),
              },
            },
          ],
        },
        base_info: BASE_INFO,
      },
      { token: t.bot.token },
    );
    expect(sent.json).toMatchObject({ ret: -2, errmsg: expect.stringMatching(error) });
    expect(await t.sim.control.uploads(t.bot.botId)).toEqual([
      expect.objectContaining({
        filekey: fields.filekey,
        check: 'failed',
        error: expect.stringMatching(error),
      }),
    ]);
    await expect(t.sim.control.readUpload(fields.filekey)).rejects.toThrow(
      /failed the CDN's check/,
    );
    expect((await t.sim.control.sent(t.bot.botId)).filter((m) => m.accepted)).toEqual([]);
  });

  it('refuses an unknown parameter, a wrong filekey and a wrong content type', async () => {
    const plain = Buffer.from('hello');
    const fields = describeFile(plain, VECTOR_KEY);
    const grant = await uploadUrl(fields);
    const param = encodeURIComponent(grant.json.upload_param as string);
    const body = encrypt(VECTOR_KEY, plain);
    const unknown = await upload(
      `${t.sim.cdnBaseUrl}/upload?encrypted_query_param=nope&filekey=${fields.filekey}`,
      body,
    );
    expect(unknown.status).toBe(400);
    const wrongKey = await upload(
      `${t.sim.cdnBaseUrl}/upload?encrypted_query_param=${param}&filekey=${'0'.repeat(32)}`,
      body,
    );
    expect(wrongKey.status).toBe(400);
    const wrongType = await upload(grant.json.upload_full_url as string, body, 'application/json');
    expect(wrongType.status).toBe(400);
    const unknownDownload = await fetch(`${t.sim.cdnBaseUrl}/download?encrypted_query_param=nope`);
    expect(unknownDownload.status).toBe(404);
  });

  it('refuses an Authorization header on upload and download with HTTP 400', async () => {
    const plain = Buffer.from('hello');
    const fields = describeFile(plain, VECTOR_KEY);
    const grant = await uploadUrl(fields);
    const body = encrypt(VECTOR_KEY, plain);
    const withAuth = await fetch(grant.json.upload_full_url as string, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/octet-stream',
        Authorization: `Bearer ${t.bot.token}`,
      },
      body,
    });
    expect(withAuth.status).toBe(400);
    expect(withAuth.headers.get('x-error-message')).toMatch(/Authorization/);
    expect(await t.sim.control.uploads(t.bot.botId)).toEqual([]);
    const stored = await upload(grant.json.upload_full_url as string, body);
    expect(stored.status).toBe(200);
    const downloadUrl = `${t.sim.cdnBaseUrl}/download?encrypted_query_param=${encodeURIComponent(
      stored.headers.get('x-encrypted-param')!,
    )}`;
    const refused = await fetch(downloadUrl, {
      headers: { Authorization: `Bearer ${t.bot.token}` },
    });
    expect(refused.status).toBe(400);
    expect((await fetch(downloadUrl)).status).toBe(200);
  });

  it('answers ret -1 for an upload to a user who never wrote to the bot', async () => {
    const answer = await uploadUrl(
      describeFile(Buffer.from('x'), VECTOR_KEY, { to_user_id: 'dummy@im.wechat' }),
    );
    expect(answer.json.ret).toBe(-1);
  });

  it.each([
    ['filekey', { filekey: 'XYZ' }],
    ['aeskey', { aeskey: 'ABCDEF' }],
    ['media_type', { media_type: 7 }],
    ['filesize', { filesize: 5 }],
    ['rawfilemd5', { rawfilemd5: 'abc' }],
  ])('refuses an invalid %s with ret -2', async (_name, override) => {
    const answer = await uploadUrl(describeFile(Buffer.from('hello'), VECTOR_KEY, override));
    expect(answer.json.ret).toBe(-2);
  });

  it('omits upload_full_url when uploadFullUrl is false', async () => {
    const other = await startSimulator({ uploadFullUrl: false });
    try {
      const otherBot = await other.control.addBot();
      await other.control.sendText(otherBot.botId, USER, 'hi');
      const answer = await ilinkPost(
        other.baseUrl,
        'getuploadurl',
        { ...describeFile(Buffer.from('hello'), VECTOR_KEY), base_info: BASE_INFO },
        { token: otherBot.token },
      );
      expect(answer.json.upload_param).toEqual(expect.any(String));
      expect(answer.json.upload_full_url).toBeUndefined();
    } finally {
      await other.close();
    }
  });

  describe('inbound media', () => {
    const poll = async () =>
      (
        await ilinkPost(
          t.sim.baseUrl,
          'getupdates',
          { get_updates_buf: '', base_info: BASE_INFO },
          { token: t.bot.token },
        )
      ).json.msgs as { item_list: Record<string, Record<string, unknown>>[] }[];

    async function fetchBytes(url: string): Promise<Buffer> {
      const response = await fetch(url);
      expect(response.status).toBe(200);
      return Buffer.from(await response.arrayBuffer());
    }

    it('serves an image with image_item.aeskey (hex) and media.aes_key (base64 raw)', async () => {
      const bytes = randomBytes(3000);
      await t.sim.control.sendImage(t.bot.botId, USER, bytes);
      const item = (await poll())[1].item_list[0];
      expect(item.type).toBe(2);
      const image = item.image_item as {
        aeskey: string;
        mid_size: number;
        media: Record<string, string>;
      };
      const key = Buffer.from(image.aeskey, 'hex');
      expect(Buffer.from(image.media.aes_key, 'base64')).toEqual(key);
      const ciphertext = await fetchBytes(image.media.full_url);
      expect(ciphertext.length).toBe(image.mid_size);
      expect(decrypt(key, ciphertext)).toEqual(bytes);
      const viaParam = await fetchBytes(
        `${t.sim.cdnBaseUrl}/download?encrypted_query_param=${encodeURIComponent(image.media.encrypt_query_param)}`,
      );
      expect(viaParam).toEqual(ciphertext);
    });

    it('serves a file with format B, a voice with its transcript, a video, and a plain image', async () => {
      const bytes = randomBytes(100);
      await t.sim.control.sendFile(t.bot.botId, USER, bytes, { fileName: 'a.pdf' });
      await t.sim.control.sendVoice(t.bot.botId, USER, bytes, {
        transcript: '你好',
        keyFormat: 'base64-raw',
      });
      await t.sim.control.sendVideo(t.bot.botId, USER, bytes, { fullUrl: false });
      await t.sim.control.sendImage(t.bot.botId, USER, bytes, {
        keyFormat: 'none',
        fullUrl: 'https://example.invalid/x',
      });
      const items = (await poll()).slice(1).map((m) => m.item_list[0]);

      const file = items[0].file_item as {
        media: Record<string, string>;
        file_name: string;
        len: string;
        md5: string;
      };
      expect(file).toMatchObject({ file_name: 'a.pdf', len: '100', md5: md5(bytes) });
      const fileKey = Buffer.from(
        Buffer.from(file.media.aes_key, 'base64').toString('latin1'),
        'hex',
      );
      expect(decrypt(fileKey, await fetchBytes(file.media.full_url))).toEqual(bytes);

      const voice = items[1].voice_item as {
        media: Record<string, string>;
        text: string;
        encode_type: number;
      };
      expect(voice).toMatchObject({ text: '你好', encode_type: 6 });
      expect(
        decrypt(Buffer.from(voice.media.aes_key, 'base64'), await fetchBytes(voice.media.full_url)),
      ).toEqual(bytes);

      const video = items[2].video_item as { media: Record<string, string>; video_size: number };
      expect(video.media.full_url).toBeUndefined();
      expect(video.video_size).toBe(112);

      const image = items[3].image_item as { media: Record<string, string>; aeskey?: string };
      expect(image.aeskey).toBeUndefined();
      expect(image.media.aes_key).toBeUndefined();
      expect(image.media.full_url).toBe('https://example.invalid/x');
      const plain = await fetchBytes(
        `${t.sim.cdnBaseUrl}/download?encrypted_query_param=${encodeURIComponent(image.media.encrypt_query_param)}`,
      );
      expect(plain).toEqual(bytes);
    });

    it('refuses image-only key formats on other kinds', async () => {
      await expect(
        t.sim.control.sendFile(t.bot.botId, USER, Buffer.from('x'), { keyFormat: 'image-hex' }),
      ).rejects.toThrow(/images only/);
    });
  });
});
