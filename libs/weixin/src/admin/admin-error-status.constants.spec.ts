import { HttpStatus } from '@nestjs/common';
import type { WeixinErrorCode } from '../errors/weixin-error-code.js';
import { ADMIN_STATUS_BY_CODE } from './admin-error-status.constants.js';

type CodeScheme = `${'WEIXIN' | 'ILINK' | 'WECHAT_CS' | 'NXCLOUD'}_${string}`;

describe('ADMIN_STATUS_BY_CODE', () => {
  it('gives every code of the union an error status, in the one prefix scheme', () => {
    const entries = Object.entries(ADMIN_STATUS_BY_CODE);
    expect(entries.length).toBeGreaterThan(50);
    for (const [code, status] of entries) {
      expect(code).toMatch(/^(WEIXIN|ILINK|WECHAT_CS|NXCLOUD)_[A-Z0-9_]+$/);
      expect(code).not.toMatch(/_ERROR$/);
      expect(status).toBeGreaterThanOrEqual(400);
    }
    expect(ADMIN_STATUS_BY_CODE.ILINK_API).toBe(HttpStatus.SERVICE_UNAVAILABLE);
    expect(ADMIN_STATUS_BY_CODE.WEIXIN_UNKNOWN_ACCOUNT).toBe(HttpStatus.NOT_FOUND);
  });

  it('is checked by the compiler: a wrong or missing code does not type-check', () => {
    const scheme: CodeScheme = 'ILINK_API' satisfies WeixinErrorCode;
    const wrong: Record<WeixinErrorCode, number> = {
      ...ADMIN_STATUS_BY_CODE,
      // @ts-expect-error `ILINK_API_ERROR` is not a WeixinErrorCode (the map once used a wrong code)
      ILINK_API_ERROR: 503,
    };
    // @ts-expect-error every code must be mapped
    const missing: Record<WeixinErrorCode, number> = { ILINK_API: 503 };
    expect([scheme, wrong.ILINK_API, missing.ILINK_API]).toEqual(['ILINK_API', 503, 503]);
  });
});

/** Every code of the union follows `<SOURCE>_<REASON>`. */
type AssertCodeScheme = WeixinErrorCode extends CodeScheme ? true : never;
const schemeHolds: AssertCodeScheme = true;
void schemeHolds;
