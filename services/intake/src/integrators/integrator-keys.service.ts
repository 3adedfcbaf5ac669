import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, IsNull, Repository } from 'typeorm';
import { Clock } from '@helpdesk/event-log-nest';
import { IntakeStateChanges, StateCache } from '../application/state-changes';
import { IntegratorKey } from './integrator-key.entity';
import {
  hashIntegratorKey,
  looksLikeIntegratorKey,
  newIntegratorSecret,
} from './integrator-key.secret';

/** The integrator a valid X-Api-Key belongs to. */
export interface Integrator {
  readonly keyId: string;
  readonly name: string;
}

/**
 * Integrator keys. The keys that are not revoked are held in memory by hash, so the API key
 * guard reads no row; a key created or revoked on any replica drops every replica's copy
 * (IntakeStateChanges, ADR 17).
 */
@Injectable()
export class IntegratorKeysService {
  private readonly active: StateCache<ReadonlyMap<string, Integrator>>;

  constructor(
    @InjectRepository(IntegratorKey) private readonly keys: Repository<IntegratorKey>,
    private readonly dataSource: DataSource,
    private readonly changes: IntakeStateChanges,
    private readonly clock: Clock,
  ) {
    this.active = new StateCache(changes, 'integrator-keys', async () => {
      const rows = await this.keys.find({
        select: { id: true, name: true, keyHash: true },
        where: { revokedAt: IsNull() },
      });
      return new Map(rows.map((row) => [row.keyHash, { keyId: row.id, name: row.name }]));
    });
  }

  /** A new key; the plain secret is returned here once and never again. */
  async create(name: string): Promise<{ integratorKey: IntegratorKey; key: string }> {
    const secret = newIntegratorSecret();
    const integratorKey = await this.dataSource.transaction(async (manager) => {
      const saved = await manager.save(
        manager.create(IntegratorKey, {
          id: randomUUID(),
          name,
          keyHash: secret.hash,
          prefix: secret.prefix,
          revokedAt: null,
        }),
      );
      await this.changes.announce(manager, 'integrator-keys');
      return saved;
    });
    this.changes.changed('integrator-keys');
    return { integratorKey, key: secret.key };
  }

  list(): Promise<IntegratorKey[]> {
    return this.keys.find({ order: { createdAt: 'ASC', id: 'ASC' } });
  }

  /** Revokes a key at once, on every replica (a second revocation keeps the first date). */
  async revoke(id: string): Promise<IntegratorKey> {
    const integratorKey = await this.dataSource.transaction(async (manager) => {
      const { affected } = await manager.update(
        IntegratorKey,
        { id, revokedAt: IsNull() },
        { revokedAt: this.clock.now() },
      );
      if (affected) await this.changes.announce(manager, 'integrator-keys');
      return manager.findOneBy(IntegratorKey, { id });
    });
    this.changes.changed('integrator-keys');
    if (!integratorKey) throw new NotFoundException(`integrator key ${id} not found`);
    return integratorKey;
  }

  /** The integrator of a key that is ours and not revoked; undefined for anything else. */
  async authenticate(key: string): Promise<Integrator | undefined> {
    if (!looksLikeIntegratorKey(key)) return undefined;
    return (await this.active.get()).get(hashIntegratorKey(key));
  }
}
