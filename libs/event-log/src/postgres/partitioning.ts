import { createHash } from 'node:crypto';

/** The partition of a key: stable across processes and restarts. */
export function partitionOf(key: string, partitions: number): number {
  return createHash('md5').update(key).digest().readUInt32BE(0) % partitions;
}

/**
 * Partitions of one member: live members sorted by id share the partitions round-robin.
 * Every member computes the same answer from the same member list, so no coordinator is needed.
 */
export function assignedPartitions(
  memberId: string,
  liveMembers: readonly string[],
  partitions: number,
): number[] {
  const members = [...liveMembers].sort();
  const index = members.indexOf(memberId);
  if (index < 0) return [];
  const owned: number[] = [];
  for (let partition = index; partition < partitions; partition += members.length) {
    owned.push(partition);
  }
  return owned;
}
