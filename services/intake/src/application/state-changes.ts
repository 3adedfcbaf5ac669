import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Client } from 'pg';
import { EntityManager } from 'typeorm';
import { errorMessage } from '@helpdesk/event-log';
import { DatabaseSettings } from '@helpdesk/event-log-nest';

/** Intake's own state that replicas hold in memory (ADR 17). */
export type CachedState = 'integrator-keys' | 'contact-guide';

const STATES: readonly CachedState[] = ['integrator-keys', 'contact-guide'];

/** The NOTIFY channel on which intake's replicas hear that its own state changed. */
export function stateChangesChannel(schema: string): string {
  return `${schema}.intake_state`.slice(0, 63);
}

/** How often the listening connection is checked, and how long it has to answer. */
const HEARTBEAT_MS = 500;
const RECONNECT_DELAY_MS = 200;

/**
 * Tells every replica of intake that some of its own state changed (integrator keys, the
 * contact guide), so that what they hold in memory is dropped within milliseconds.
 * The change's transaction sends the notice (`announce`): it is delivered when, and only if,
 * the change commits. Each replica listens on a connection of its own; while that connection
 * is down (and until it is checked again), caches hold nothing and every read goes to the
 * database, since a notice could be missed meanwhile.
 */
@Injectable()
export class IntakeStateChanges implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(IntakeStateChanges.name);
  private readonly channel: string;
  private readonly droppers = new Map<CachedState, Set<() => void>>();
  private client?: Client;
  private heartbeat?: NodeJS.Timeout;
  private stopped = false;
  /** True while the listening connection is up and answering. */
  private live = false;

  constructor(private readonly settings: DatabaseSettings) {
    this.channel = stateChangesChannel(settings.DATABASE_SCHEMA);
  }

  get listening(): boolean {
    return this.live;
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.listen();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    await this.lose(new Error('shutting down'));
  }

  /** Sends the notice in `manager`'s transaction: replicas hear it once it commits. */
  async announce(manager: EntityManager, state: CachedState): Promise<void> {
    await manager.query('SELECT pg_notify($1, $2)', [this.channel, state]);
  }

  /**
   * Drops this replica's copy now (the notice arrives a moment later): call it after the
   * change committed, so that the replica that made it never answers from the old state.
   */
  changed(state: CachedState): void {
    this.drop(state);
  }

  /** `drop` runs whenever `state` changes, and when the listening connection is lost. */
  onChange(state: CachedState, drop: () => void): void {
    const droppers = this.droppers.get(state) ?? new Set();
    droppers.add(drop);
    this.droppers.set(state, droppers);
  }

  private drop(state: CachedState): void {
    for (const drop of this.droppers.get(state) ?? []) drop();
  }

  private async listen(): Promise<void> {
    if (this.client || this.stopped) return;
    const client = new Client({
      connectionString: this.settings.DATABASE_URL,
      application_name: stateChangesChannel(this.settings.DATABASE_SCHEMA),
    });
    this.client = client;
    client.on('notification', (message) => {
      const state = STATES.find((known) => known === message.payload);
      if (state) this.drop(state);
    });
    client.on('error', (error) => void this.lose(error, client));
    client.on('end', () => void this.lose(new Error('connection ended'), client));
    try {
      await client.connect();
      await client.query(`LISTEN ${client.escapeIdentifier(this.channel)}`);
    } catch (error) {
      await this.lose(error, client);
      return;
    }
    if (this.client !== client) return;
    // Anything cached before now may have missed a notice.
    for (const state of STATES) this.drop(state);
    this.live = true;
    this.heartbeat = setInterval(() => void this.check(client), HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  /** A connection that stops answering is as good as lost (a notice could be stuck in it). */
  private async check(client: Client): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('no answer')), HEARTBEAT_MS);
    });
    try {
      await Promise.race([client.query('SELECT 1'), timeout]);
    } catch (error) {
      await this.lose(error, client);
    } finally {
      clearTimeout(timer);
    }
  }

  private async lose(error: unknown, client = this.client): Promise<void> {
    if (!client || this.client !== client) return;
    this.client = undefined;
    this.live = false;
    clearInterval(this.heartbeat);
    for (const state of STATES) this.drop(state);
    if (!this.stopped) {
      this.logger.warn(
        `intake state changes: ${errorMessage(error)}; caches off until reconnected`,
      );
      setTimeout(() => void this.listen(), RECONNECT_DELAY_MS).unref();
    }
    await client.end().catch(() => undefined);
  }
}

/**
 * A value loaded from the database and held until intake's state changes (IntakeStateChanges).
 * A load that overlaps a change is answered but not kept: it may have read the old state.
 */
export class StateCache<Value> {
  private kept?: { value: Value };
  private loading?: { generation: number; value: Promise<Value> };
  private generation = 0;

  constructor(
    private readonly changes: IntakeStateChanges,
    state: CachedState,
    private readonly load: () => Promise<Value>,
  ) {
    changes.onChange(state, () => {
      this.generation++;
      this.kept = undefined;
      this.loading = undefined;
    });
  }

  async get(): Promise<Value> {
    if (this.kept) return this.kept.value;
    if (!this.changes.listening) return this.load();
    if (this.loading?.generation === this.generation) return this.loading.value;
    const generation = this.generation;
    const value = this.load();
    this.loading = { generation, value };
    try {
      const loaded = await value;
      if (generation === this.generation && this.changes.listening) this.kept = { value: loaded };
      return loaded;
    } finally {
      if (this.loading?.value === value) this.loading = undefined;
    }
  }
}
