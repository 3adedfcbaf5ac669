import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, Repository } from 'typeorm';
import { IntakeStateChanges, StateCache } from '../../application/state-changes';
import { Webhook } from './webhook.entity';

/**
 * The webhooks in force, by integrator key, held in memory: queuing an event's notifications
 * reads no row. A webhook registered or removed on any replica drops every replica's copy
 * (IntakeStateChanges, ADR 17).
 */
@Injectable()
export class WebhookDirectory {
  private readonly byIntegrator: StateCache<ReadonlyMap<string, readonly Webhook[]>>;

  constructor(
    @InjectRepository(Webhook) private readonly webhooks: Repository<Webhook>,
    changes: IntakeStateChanges,
  ) {
    this.byIntegrator = new StateCache(changes, 'webhooks', async () => {
      const rows = await this.webhooks.find({
        where: { removedAt: IsNull() },
        order: { createdAt: 'ASC', id: 'ASC' },
      });
      const grouped = new Map<string, Webhook[]>();
      for (const row of rows) {
        grouped.set(row.integratorKeyId, [...(grouped.get(row.integratorKeyId) ?? []), row]);
      }
      return grouped;
    });
  }

  /** The integrator key's webhooks that are not removed, oldest first. */
  async webhooksOf(integratorKeyId: string): Promise<readonly Webhook[]> {
    return (await this.byIntegrator.get()).get(integratorKeyId) ?? [];
  }
}
