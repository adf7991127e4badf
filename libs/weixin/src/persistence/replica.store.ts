import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { WEIXIN_DATA_SOURCE } from '../weixin.constants.js';

/** A live polling replica as its heartbeat row shows it. */
export interface LiveReplica {
  id: string;
  /** Its `leases.maxAccounts` (undefined: unlimited). */
  maxAccounts?: number;
}

/** What a heartbeat answers: the live replicas (this one included) and the accounts to share. */
export interface ReplicaCensus {
  replicas: LiveReplica[];
  /** Accounts in state `active`. */
  activeAccounts: number;
}

/**
 * $1 replica id, $2 ttl in ms, $3 max accounts or null. Writes the heartbeat, forgets replicas
 * silent for a day, and answers the other live replicas and the active accounts (the statement's
 * snapshot does not see its own write, hence `id <> $1`).
 */
const HEARTBEAT_SQL = `
  WITH beat AS (
    INSERT INTO weixin_replica (id, max_accounts, expires_at)
    VALUES ($1, $3::int, now() + $2::double precision * interval '1 millisecond')
    ON CONFLICT (id) DO UPDATE
      SET max_accounts = EXCLUDED.max_accounts, expires_at = EXCLUDED.expires_at
    RETURNING id
  ), gone AS (
    DELETE FROM weixin_replica WHERE expires_at < now() - interval '1 day' AND id <> $1
  )
  SELECT
    (SELECT count(*)::int FROM weixin_account WHERE state = 'active') AS accounts,
    coalesce(
      (SELECT json_agg(json_build_object('id', id, 'max', max_accounts) ORDER BY id)
       FROM weixin_replica WHERE expires_at > now() AND id <> $1),
      '[]'::json
    ) AS others`;

/** The replicas' heartbeat rows (`weixin_replica`), from which each computes its fair share. */
@Injectable()
export class ReplicaStore {
  constructor(@Inject(WEIXIN_DATA_SOURCE) private readonly dataSource: DataSource) {}

  /** Renews the heartbeat of `replicaId` for `ttlMs` and answers who else is live. */
  async heartbeat(replicaId: string, ttlMs: number, maxAccounts?: number): Promise<ReplicaCensus> {
    const rows = (await this.dataSource.query(HEARTBEAT_SQL, [
      replicaId,
      ttlMs,
      maxAccounts ?? null,
    ])) as { accounts: number; others: { id: string; max: number | null }[] }[];
    const row = rows[0]!;
    const others = row.others.map((o) => ({ id: o.id, maxAccounts: o.max ?? undefined }));
    return {
      replicas: [{ id: replicaId, maxAccounts }, ...others],
      activeAccounts: row.accounts,
    };
  }

  /** Deletes the heartbeat of `replicaId` (it stops polling), so the others take its share. */
  async leave(replicaId: string): Promise<void> {
    await this.dataSource.query('DELETE FROM weixin_replica WHERE id = $1', [replicaId]);
  }
}
