import { Inject, Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import type { TokenCipher } from '../persistence/token-cipher.js';
import { WEIXIN_TOKEN_CIPHER } from '../persistence/persistence.constants.js';
import { WEIXIN_DATA_SOURCE } from '../weixin.constants.js';
import { LoginSql } from './qr-login.sql.js';
import {
  FINAL_LOGIN_STATUSES,
  type WeixinLoginCredentials,
  type WeixinLoginSnapshot,
  type WeixinLoginStatus,
} from './weixin-login.types.js';

interface LoginRecord {
  id: string;
  snapshot: Record<string, unknown>;
  version: number;
  final: boolean;
  updated_at: Date;
}

/** Limits of `insert`. */
export interface LoginInsertLimits {
  /** Logins not final allowed at once, the new one included. */
  maxActive: number;
  /** Logins kept (active and finished), the new one included. */
  maxKnown: number;
  /** How long a finished login stays readable. */
  retainFinishedMs: number;
}

/**
 * The QR logins in Postgres (`weixin_login`), so any replica serves any step of one. The replica
 * running a login (its owner) records each change and renews its hold; other replicas read it,
 * submit verify codes and cancel it. Verify codes and credentials are stored encrypted and only
 * until taken. A login whose owner stopped renewing its hold is failed with `lostPatch` by the
 * next reader.
 */
@Injectable()
export class QrLoginStore {
  constructor(
    @Inject(WEIXIN_DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(WEIXIN_TOKEN_CIPHER) private readonly cipher: TokenCipher,
  ) {}

  /**
   * Stores a new login owned by `owner` unless `maxActive` logins are in progress (then answers
   * `false`); forgets finished logins past their retention, and the oldest finished ones beyond
   * `maxKnown`. One replica at a time (an advisory lock), so the limit holds across replicas.
   */
  async insert(
    snapshot: WeixinLoginSnapshot,
    owner: string,
    holdMs: number,
    limits: LoginInsertLimits,
    lostPatch: Partial<WeixinLoginSnapshot>,
  ): Promise<boolean> {
    return this.dataSource.transaction(async (m: EntityManager) => {
      await m.query(LoginSql.lock);
      await m.query(LoginSql.reap, [null, toJson(lostPatch)]);
      await m.query(LoginSql.pruneExpired, [limits.retainFinishedMs]);
      await m.query(LoginSql.pruneOldest, [limits.maxKnown - 1]);
      const [{ active }] = (await m.query(LoginSql.countActive)) as [{ active: number }];
      if (active >= limits.maxActive) return false;
      await m.query(LoginSql.insert, [snapshot.loginId, owner, toJson(snapshot), holdMs]);
      return true;
    });
  }

  /** A login's snapshot, or `undefined`. */
  async get(
    loginId: string,
    lostPatch: Partial<WeixinLoginSnapshot>,
  ): Promise<WeixinLoginSnapshot | undefined> {
    await this.rows(LoginSql.reap, [loginId, toJson(lostPatch)]);
    const rows = (await this.rows(LoginSql.get, [loginId])) as LoginRecord[];
    return rows[0] ? fromRecord(rows[0]) : undefined;
  }

  /**
   * The snapshots of every version after `afterVersion` up to the newest, oldest first (empty
   * when there is none yet or the login is unknown).
   */
  async versionsAfter(loginId: string, afterVersion: number): Promise<WeixinLoginSnapshot[]> {
    const rows = (await this.rows(LoginSql.history, [
      loginId,
      afterVersion + 1,
    ])) as (LoginRecord & {
      history: Record<string, unknown>[];
    })[];
    const row = rows[0];
    if (!row) return [];
    const out: WeixinLoginSnapshot[] = [];
    let fields: Record<string, unknown> = {};
    row.history.forEach((patch, i) => {
      fields = { ...fields, ...patch };
      if (i + 1 > afterVersion) out.push(toSnapshot(row.id, fields, i + 1));
    });
    return out;
  }

  /** Every known login, newest first. */
  async list(lostPatch: Partial<WeixinLoginSnapshot>): Promise<WeixinLoginSnapshot[]> {
    await this.rows(LoginSql.reap, [null, toJson(lostPatch)]);
    const rows = (await this.rows(LoginSql.list)) as LoginRecord[];
    return rows.map(fromRecord);
  }

  /**
   * Records a change by the owner (merged into the snapshot; `final` ends the login) and renews
   * its hold. Answers `false` when the login already ended elsewhere (cancelled) or is gone.
   */
  async record(
    loginId: string,
    owner: string,
    patch: Partial<WeixinLoginSnapshot>,
    final: boolean,
    holdMs: number,
  ): Promise<boolean> {
    const rows = (await this.rows(LoginSql.record, [
      loginId,
      owner,
      toJson(patch),
      final,
      holdMs,
    ])) as unknown[];
    return rows.length > 0;
  }

  /** Renews the owner's hold; answers whether the login ended (elsewhere) and a code waits. */
  async sync(
    loginId: string,
    owner: string,
    holdMs: number,
  ): Promise<{ ended: boolean; codeWaiting: boolean }> {
    const rows = (await this.rows(LoginSql.sync, [loginId, owner, holdMs])) as {
      final: boolean;
      code_waiting: boolean;
    }[];
    const row = rows[0];
    return { ended: !row || row.final, codeWaiting: row?.code_waiting ?? false };
  }

  /**
   * Stores a verify code for the owner to send, while the login asks for one; answers the new
   * snapshot, or `undefined` when the login does not ask for a code (or is unknown).
   */
  async submitCode(
    loginId: string,
    code: string,
    patch: Partial<WeixinLoginSnapshot>,
  ): Promise<WeixinLoginSnapshot | undefined> {
    const rows = (await this.rows(LoginSql.submitCode, [
      loginId,
      this.cipher.encrypt(code),
      toJson(patch),
    ])) as LoginRecord[];
    return rows[0] ? fromRecord(rows[0]) : undefined;
  }

  /** Takes (and clears) the submitted verify code, if any. */
  async takeCode(loginId: string, owner: string): Promise<string | undefined> {
    const rows = (await this.rows(LoginSql.takeCode, [loginId, owner])) as {
      code: string | null;
    }[];
    const code = rows[0]?.code;
    return code ? this.cipher.decrypt(code) : undefined;
  }

  /** Marks the login as being confirmed (a cancel no longer applies); `false` if it ended. */
  async claim(loginId: string, owner: string): Promise<boolean> {
    const rows = (await this.rows(LoginSql.claim, [loginId, owner])) as unknown[];
    return rows.length > 0;
  }

  /** Ends a login that is neither final nor being confirmed; answers its snapshot then. */
  async cancel(
    loginId: string,
    patch: Partial<WeixinLoginSnapshot>,
    lostPatch: Partial<WeixinLoginSnapshot>,
  ): Promise<WeixinLoginSnapshot | undefined> {
    await this.rows(LoginSql.cancel, [loginId, toJson(patch)]);
    return this.get(loginId, lostPatch);
  }

  /** Keeps the credentials of a confirmed login started without saving, encrypted. */
  async saveCredentials(loginId: string, credentials: WeixinLoginCredentials): Promise<void> {
    await this.rows(LoginSql.saveCredentials, [
      loginId,
      this.cipher.encrypt(JSON.stringify(credentials)),
    ]);
  }

  /** Takes (and clears) the kept credentials of a login, if any. */
  async takeCredentials(loginId: string): Promise<WeixinLoginCredentials | undefined> {
    const rows = (await this.rows(LoginSql.takeCredentials, [loginId])) as {
      credentials: string | null;
    }[];
    const stored = rows[0]?.credentials;
    return stored ? (JSON.parse(this.cipher.decrypt(stored)) as WeixinLoginCredentials) : undefined;
  }

  /** The rows a statement answers (for UPDATE … RETURNING too). */
  private async rows(sql: string, params: unknown[] = []): Promise<unknown[]> {
    const runner = this.dataSource.createQueryRunner();
    try {
      return (await runner.query(sql, params, true)).records as unknown[];
    } finally {
      await runner.release();
    }
  }
}

/** JSON of a snapshot patch, `undefined` fields as `null` so the merge clears them. */
function toJson(patch: Partial<WeixinLoginSnapshot>): string {
  return JSON.stringify(patch, (_key, value: unknown) => (value === undefined ? null : value));
}

function fromRecord(r: LoginRecord): WeixinLoginSnapshot {
  return toSnapshot(r.id, r.snapshot, r.version);
}

/** A snapshot from its stored fields (`null` stands for absent). */
function toSnapshot(
  loginId: string,
  stored: Record<string, unknown>,
  version: number,
): WeixinLoginSnapshot {
  const fields = Object.fromEntries(Object.entries(stored).filter(([, v]) => v !== null));
  return {
    ...fields,
    loginId,
    version,
    final: FINAL_LOGIN_STATUSES.includes(fields.status as WeixinLoginStatus),
    startedAt: new Date(fields.startedAt as string),
    deadlineAt: new Date(fields.deadlineAt as string),
    updatedAt: new Date(fields.updatedAt as string),
  } as WeixinLoginSnapshot;
}
