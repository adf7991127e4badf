import type { ReplicaCensus } from '../persistence/replica.store.js';

/**
 * How many accounts `replicaId` should poll: the active accounts split over the live replicas
 * as evenly as their `maxAccounts` allow (replicas with a smaller cap are filled first, the rest
 * split what is left; ties go by id, so every replica computes the same split). The shares add
 * up to the accounts (or to the replicas' total capacity when that is smaller).
 */
export function fairShare(replicaId: string, census: ReplicaCensus): number {
  const replicas = [...census.replicas].sort(
    (a, b) =>
      (a.maxAccounts ?? Infinity) - (b.maxAccounts ?? Infinity) ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  let remaining = census.activeAccounts;
  let left = replicas.length;
  for (const replica of replicas) {
    const share = Math.min(replica.maxAccounts ?? Infinity, Math.ceil(remaining / left));
    if (replica.id === replicaId) return share;
    remaining -= share;
    left -= 1;
  }
  return 0;
}
