import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { IsNull, Repository } from 'typeorm';
import { Clock } from '@helpdesk/event-log-nest';
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

@Injectable()
export class IntegratorKeysService {
  constructor(
    @InjectRepository(IntegratorKey) private readonly keys: Repository<IntegratorKey>,
    private readonly clock: Clock,
  ) {}

  /** A new key; the plain secret is returned here once and never again. */
  async create(name: string): Promise<{ integratorKey: IntegratorKey; key: string }> {
    const secret = newIntegratorSecret();
    const integratorKey = await this.keys.save(
      this.keys.create({
        id: randomUUID(),
        name,
        keyHash: secret.hash,
        prefix: secret.prefix,
        revokedAt: null,
      }),
    );
    return { integratorKey, key: secret.key };
  }

  list(): Promise<IntegratorKey[]> {
    return this.keys.find({ order: { createdAt: 'ASC', id: 'ASC' } });
  }

  /** Revokes a key at once (a second revocation keeps the first date). */
  async revoke(id: string): Promise<IntegratorKey> {
    await this.keys.update({ id, revokedAt: IsNull() }, { revokedAt: this.clock.now() });
    const integratorKey = await this.keys.findOneBy({ id });
    if (!integratorKey) throw new NotFoundException(`integrator key ${id} not found`);
    return integratorKey;
  }

  /** The integrator of a key that is ours and not revoked; undefined for anything else. */
  async authenticate(key: string): Promise<Integrator | undefined> {
    if (!looksLikeIntegratorKey(key)) return undefined;
    const found = await this.keys.findOneBy({
      keyHash: hashIntegratorKey(key),
      revokedAt: IsNull(),
    });
    return found ? { keyId: found.id, name: found.name } : undefined;
  }
}
