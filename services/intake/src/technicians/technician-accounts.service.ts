import { ConflictException, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Algorithm, hash, verify } from '@node-rs/argon2';
import { IsNull, Repository } from 'typeorm';
import { SupportLevel } from '@helpdesk/ticket-events';
import { Technician } from '@helpdesk/event-log-nest';
import { TechnicianAccount } from './technician-account.entity';

export interface NewTechnicianAccount {
  id: string;
  name: string;
  level: SupportLevel;
  supervisor: boolean;
  password: string;
}

/** OWASP's argon2id baseline: 19 MiB of memory, 2 passes. */
const HASHING = { algorithm: Algorithm.Argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

@Injectable()
export class TechnicianAccounts {
  /** Verified against when the account does not exist, so that both cases take as long. */
  private readonly decoyHash = hash('not a password', HASHING);

  constructor(
    @InjectRepository(TechnicianAccount) private readonly accounts: Repository<TechnicianAccount>,
  ) {}

  async create(account: NewTechnicianAccount): Promise<TechnicianAccount> {
    if (await this.accounts.existsBy({ id: account.id })) {
      throw new ConflictException(`a technician named ${account.id} already exists`);
    }
    return this.accounts.save(
      this.accounts.create({
        id: account.id,
        name: account.name,
        level: account.level,
        supervisor: account.supervisor,
        passwordHash: await hash(account.password, HASHING),
        disabledAt: null,
      }),
    );
  }

  list(): Promise<TechnicianAccount[]> {
    return this.accounts.find({ order: { level: 'ASC', id: 'ASC' } });
  }

  /** Disabled accounts cannot sign in; sessions already open end with their token. */
  async disable(id: string): Promise<boolean> {
    const result = await this.accounts.update(
      { id, disabledAt: IsNull() },
      { disabledAt: new Date() },
    );
    return (result.affected ?? 0) > 0;
  }

  /** The technician with this name and password, or undefined (wrong name, password, disabled). */
  async authenticate(id: string, password: string): Promise<Technician | undefined> {
    const account = await this.accounts.findOneBy({ id });
    const matches = await verify(account?.passwordHash ?? (await this.decoyHash), password);
    if (!account || !matches || account.disabledAt) return undefined;
    return {
      id: account.id,
      name: account.name,
      level: account.level,
      supervisor: account.supervisor,
    };
  }
}
