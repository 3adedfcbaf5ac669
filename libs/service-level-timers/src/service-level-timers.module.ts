import { DynamicModule, Module } from '@nestjs/common';
import { DatabaseSettings, ServiceIdentity, readSettings } from '@helpdesk/event-log-nest';
import {
  EscalationDecision,
  ServiceLevelRules,
  escalateWhileOpen,
  parseBusinessCalendar,
  parseServiceLevelPolicy,
} from '@helpdesk/service-levels';
import { ServiceLevelTimerStore } from './service-level-timer.store';
import { ServiceLevelTimersProjection } from './service-level-timers.projection';
import { ServiceLevelSettings } from './service-level.settings';
import { ESCALATION_DECISION, SERVICE_LEVEL_RULES } from './service-level.tokens';
import { ServiceLevelWatch } from './service-level-watch';

export interface ServiceLevelTimersOptions {
  /**
   * How a breach escalates, by the tier's own escalation rule (triage: its decideEscalation).
   * Without it, the rule every level shares: a resolved ticket is not escalated.
   */
  escalate?: EscalationDecision;
}

/**
 * A tier's service levels (ADR 14): its `sla_timers` table, folded by a projection handler,
 * and the loop that emits SlaWarning, SlaBreached and escalations as they fall due. Import it
 * in a tier's AppModule beside TicketServiceModule.forRoot, whose migrations must include
 * ServiceLevelTimersTable1764500000000. Reads SLA_POLICY, SLA_CALENDAR, SLA_CHECK_INTERVAL_MS.
 */
@Module({})
export class ServiceLevelTimersModule {
  static forTier(options: ServiceLevelTimersOptions = {}): DynamicModule {
    return {
      module: ServiceLevelTimersModule,
      providers: [
        ServiceLevelTimersProjection,
        {
          provide: ServiceLevelSettings,
          useFactory: () => readSettings(ServiceLevelSettings, process.env),
        },
        {
          provide: SERVICE_LEVEL_RULES,
          inject: [ServiceLevelSettings, ServiceIdentity],
          useFactory: (settings: ServiceLevelSettings, identity: ServiceIdentity) => {
            if (!identity.level) throw new Error('service levels are kept by a support level');
            return {
              level: identity.level,
              policy: parseServiceLevelPolicy(settings.SLA_POLICY),
              calendar: parseBusinessCalendar(settings.SLA_CALENDAR),
            } satisfies ServiceLevelRules;
          },
        },
        { provide: ESCALATION_DECISION, useValue: options.escalate ?? escalateWhileOpen },
        {
          provide: ServiceLevelTimerStore,
          inject: [DatabaseSettings],
          useFactory: (database: DatabaseSettings) =>
            new ServiceLevelTimerStore(database.DATABASE_SCHEMA),
        },
        ServiceLevelWatch,
      ],
      exports: [ServiceLevelTimerStore, ServiceLevelWatch],
    };
  }
}
