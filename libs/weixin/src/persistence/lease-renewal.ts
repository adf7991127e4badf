import type { DataSource } from 'typeorm';
import { pgArrayLiteral } from './pg-array-literal.js';
import { queryRows } from './raw-query.js';
import { LeaseSql } from './sql/lease.sql.js';
import type { LeaseGrant } from './weixin-store.types.js';

/** A lease the caller polls under: the account and the epoch its writes are fenced by. */
export type HeldLease = Pick<LeaseGrant, 'accountId' | 'epoch'>;

/** What a renewal answers: only the leases that differ from those the caller holds. */
export interface LeaseRenewal {
  /**
   * Leases renewed for the owner that the caller does not hold, or holds at another epoch (e.g.
   * held under this owner id by a process before a restart, or taken again after they expired).
   */
  changed: LeaseGrant[];
  /** Held leases not renewed: expired, released, taken over or deleted. Their held epoch. */
  lost: HeldLease[];
}

/** A row of `LeaseSql.renew`. */
interface RenewalRecord {
  account_id: string;
  epoch: string;
  expires_at: Date | null;
  lost: boolean;
}

/** Parameters of `LeaseSql.renew`: the held pairs as two array literals. */
function renewalParams(owner: string, ttlMs: number, held: Iterable<HeldLease>): unknown[] {
  const pairs = [...held];
  return [
    owner,
    ttlMs,
    pgArrayLiteral(pairs, (h) => h.accountId),
    pgArrayLiteral(pairs, (h) => h.epoch),
  ];
}

/** Splits the rows of `LeaseSql.renew` into changed and lost leases. */
function toRenewal(rows: RenewalRecord[]): LeaseRenewal {
  const renewal: LeaseRenewal = { changed: [], lost: [] };
  for (const r of rows) {
    if (r.lost) renewal.lost.push({ accountId: r.account_id, epoch: r.epoch });
    else
      renewal.changed.push({ accountId: r.account_id, epoch: r.epoch, expiresAt: r.expires_at! });
  }
  return renewal;
}

/**
 * Renews every unexpired lease of `owner` by `ttlMs` in one named (prepared) statement and
 * answers what differs from `held` (all renewed leases when `held` is empty).
 */
export async function renewHeldLeases(
  dataSource: DataSource,
  owner: string,
  ttlMs: number,
  held: Iterable<HeldLease>,
): Promise<LeaseRenewal> {
  const params = renewalParams(owner, ttlMs, held);
  const rows = await queryRows<RenewalRecord>(
    dataSource,
    LeaseSql.renew,
    params,
    'weixin_renew_leases',
  );
  return toRenewal(rows);
}
