import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { TicketServiceModule } from '@helpdesk/event-log-nest';
import { ContactGuideCategory } from './application/contact-guide-category.entity';
import { ContactGuideService } from './application/contact-guide.service';
import { IdempotencyRecordRow } from './application/idempotency-record.entity';
import { IdempotencyStore } from './application/idempotency.store';
import { InboundEmailService } from './application/inbound-email.service';
import { IntakeStartupChecks } from './application/startup-checks';
import { IntakeStateChanges } from './application/state-changes';
import { TicketActionsService } from './application/ticket-actions.service';
import { TicketIntakeService } from './application/ticket-intake.service';
import { TierClient } from './application/tier-client';
import { AdminIntegratorKeysController } from './http/admin-integrator-keys.controller';
import { AdminTechniciansController } from './http/admin-technicians.controller';
import {
  AdminContactGuideController,
  ContactGuideController,
} from './http/contact-guide.controller';
import { InboundEmailController } from './http/inbound-email.controller';
import { PhoneCallsController } from './http/phone-calls.controller';
import { PhoneDeskGuard } from './http/phone-desk.guard';
import { SignInController } from './http/sign-in.controller';
import { TicketActionsController } from './http/ticket-actions.controller';
import { TicketsController } from './http/tickets.controller';
import {
  IntakePriorityMatrix,
  IntakeSettings,
  priorityMatrixFrom,
  readIntakeSettings,
} from './intake.settings';
import { AdminTokenGuard } from './integrators/admin-token.guard';
import { ApiKeyGuard } from './integrators/api-key.guard';
import { IntegratorKey } from './integrators/integrator-key.entity';
import { IntegratorKeysService } from './integrators/integrator-keys.service';
import {
  notificationControllers,
  notificationEntities,
  notificationProviders,
} from './notifications';
import { PortalController } from './portal/portal.controller';
import { PortalFormCookie } from './portal/portal-form-cookie';
import { PortalTicketController } from './portal/portal-ticket.controller';
import { RequesterAccess } from './portal/requester-access';
import { intakeMigrations } from './read-model/migrations';
import { PublicTimelineRow } from './read-model/public-timeline-row.entity';
import { RequesterTicket } from './read-model/requester-ticket.entity';
import { RequesterTicketsProjection } from './read-model/requester-tickets.projection';
import { RequesterTicketsQueries } from './read-model/requester-tickets.queries';
import { ReportsModule } from './reports/reports.module';
import { SignInThrottle } from './technicians/sign-in-throttle';
import { TechnicianAccount } from './technicians/technician-account.entity';
import { TechnicianAccounts } from './technicians/technician-accounts.service';

/**
 * The way in: the REST API for integrators (and the portal behind one), email and phone
 * logging, the contact guide. Puts TicketSubmitted and TicketPrioritized on the log, forwards
 * the requester's actions to the level that owns the ticket, and answers requesters from its
 * own read model.
 */
@Module({
  imports: [
    TicketServiceModule.forRoot({
      service: 'intake',
      projection: 'intake.read-model.v1',
      migrations: intakeMigrations,
    }),
    TypeOrmModule.forFeature([
      IntegratorKey,
      IdempotencyRecordRow,
      ContactGuideCategory,
      RequesterTicket,
      PublicTimelineRow,
      TechnicianAccount,
      ...notificationEntities,
    ]),
    ReportsModule,
  ],
  controllers: [
    TicketsController,
    TicketActionsController,
    ContactGuideController,
    AdminContactGuideController,
    AdminIntegratorKeysController,
    AdminTechniciansController,
    SignInController,
    InboundEmailController,
    PhoneCallsController,
    PortalController,
    PortalTicketController,
    ...notificationControllers,
  ],
  providers: [
    RequesterTicketsProjection,
    { provide: IntakeSettings, useFactory: () => readIntakeSettings(process.env) },
    { provide: IntakePriorityMatrix, inject: [IntakeSettings], useFactory: priorityMatrixFrom },
    IntakeStateChanges,
    IntegratorKeysService,
    ApiKeyGuard,
    AdminTokenGuard,
    PhoneDeskGuard,
    ContactGuideService,
    IdempotencyStore,
    TicketIntakeService,
    TierClient,
    TicketActionsService,
    InboundEmailService,
    RequesterTicketsQueries,
    IntakeStartupChecks,
    TechnicianAccounts,
    SignInThrottle,
    RequesterAccess,
    PortalFormCookie,
    ...notificationProviders,
  ],
})
export class AppModule {}
