import { Controller, HttpStatus, Post, UseFilters, type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { IlinkApiError, WeixinConfigError, type IlinkAccount } from 'nestjs-weixin';
import { ADMIN_STATUS_BY_CODE, AdminExceptionFilter } from 'nestjs-weixin/internal';
import { startClientUnderTest, type ClientUnderTest } from '../client/support/client-under-test.js';

/**
 * No admin route lets a bare iLink error escape today (media uploads wrap theirs), so a probe route
 * behind the admin's exception filter makes a real `getuploadurl` call that the simulator refuses
 * with `ret: -1` (a recipient who never wrote to the bot), as the iLink server does.
 */
describe('admin exception filter: error codes to HTTP statuses', () => {
  let t: ClientUnderTest;
  let account: IlinkAccount;
  let app: INestApplication;
  let url: string;
  let thrown: unknown;

  @Controller('probe')
  @UseFilters(AdminExceptionFilter)
  class ProbeController {
    @Post('upload-url')
    async uploadUrl(): Promise<unknown> {
      try {
        return await t.client.getUploadUrl(account, {
          filekey: 'a'.repeat(32),
          media_type: 3,
          to_user_id: 'never-wrote@im.wechat',
          rawsize: 3,
          rawfilemd5: '0'.repeat(32),
          filesize: 16,
          no_need_thumb: true,
          aeskey: '0'.repeat(32),
        });
      } catch (err) {
        thrown = err;
        throw err;
      }
    }

    @Post('config')
    config(): never {
      throw new WeixinConfigError('token=abc: bad options');
    }
  }

  beforeAll(async () => {
    t = await startClientUnderTest();
    ({ account } = await t.addBot());
    const moduleRef = await Test.createTestingModule({ controllers: [ProbeController] }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
  });
  afterAll(async () => {
    await app?.close();
    await t?.close();
  });

  it('answers an IlinkApiError (code ILINK_API) as 503 with its code and message', async () => {
    const res = await fetch(`${url}/probe/upload-url`, { method: 'POST' });
    expect(thrown).toBeInstanceOf(IlinkApiError);
    expect((thrown as IlinkApiError).code).toBe('ILINK_API');
    expect((thrown as IlinkApiError).ret).toBe(-1);
    expect(res.status).toBe(503);
    const body = (await res.json()) as { statusCode: number; error: string; message: string };
    expect(body).toEqual({
      statusCode: 503,
      error: 'ILINK_API',
      message: (thrown as IlinkApiError).message,
    });
    expect(body.message).toContain('invalid to_user_id');
    expect(ADMIN_STATUS_BY_CODE.ILINK_API).toBe(HttpStatus.SERVICE_UNAVAILABLE);
  });

  it('answers codes mapped to 500 without their message', async () => {
    const res = await fetch(`${url}/probe/config`, { method: 'POST' });
    expect(res.status).toBe(500);
    const body = JSON.stringify(await res.json());
    expect(body).not.toContain('bad options');
    expect(body).not.toContain('WEIXIN_CONFIG');
  });
});
