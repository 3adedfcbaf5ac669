import { AssignerProtocol, Kafka, logLevel } from 'kafkajs';

export interface GroupMember {
  memberId: string;
  /** The partitions of `topic` the broker assigned to this member, in ascending order. */
  partitions: number[];
}

export interface ConsumerGroup {
  /** `Stable` once a rebalance is complete; `PreparingRebalance`, `CompletingRebalance`... */
  state: string;
  members: GroupMember[];
}

/** What the broker says about a consumer group: its state and who holds which partitions. */
export async function describeConsumerGroup(
  brokers: string,
  groupId: string,
  topic: string,
): Promise<ConsumerGroup> {
  const admin = new Kafka({ brokers: brokers.split(','), logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const {
      groups: [group],
    } = await admin.describeGroups([groupId]);
    if (!group) throw new Error(`the broker does not describe group ${groupId}`);
    return {
      state: group.state,
      members: group.members
        .map((member) => ({
          memberId: member.memberId,
          partitions: [
            ...(AssignerProtocol.MemberAssignment.decode(member.memberAssignment)?.assignment[
              topic
            ] ?? []),
          ].sort((a, b) => a - b),
        }))
        .sort((a, b) => a.memberId.localeCompare(b.memberId)),
    };
  } finally {
    await admin.disconnect();
  }
}
