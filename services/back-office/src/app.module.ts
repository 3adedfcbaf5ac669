import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { TicketServiceModule } from '@helpdesk/event-log-nest';
import {
  ServiceLevelTimersModule,
  ServiceLevelTimersTable1764500000000,
} from '@helpdesk/service-level-timers';
import { BackOfficeSettings, readBackOfficeSettings } from './application/back-office.settings';
import { Level2Commands } from './application/level2-commands';
import { Level2DashboardController } from './dashboard/level2-dashboard.controller';
import { Level2QueueController } from './http/level2-queue.controller';
import { Level2TicketsController } from './http/level2-tickets.controller';
import { Level2CaseFiles } from './read-model/level2-case-files';
import { LEVEL2_ENTITIES } from './read-model/level2.entities';
import { Level2Projection } from './read-model/level2.projection';
import { Level2Queries } from './read-model/level2.queries';
import { Level2ReadModel1764100000000 } from './read-model/migrations/1764100000000-level2-read-model';
import { Level2RequesterPhone1764600000000 } from './read-model/migrations/1764600000000-level2-requester-phone';

/** Level 2: diagnosis, hardware return, phone guidance or remote session; resolves or escalates to level 3. */
@Module({
  imports: [
    TicketServiceModule.forRoot({
      service: 'back-office',
      projection: 'back-office.read-model.v1',
      level: 'L2',
      migrations: [
        Level2ReadModel1764100000000,
        ServiceLevelTimersTable1764500000000,
        Level2RequesterPhone1764600000000,
      ],
    }),
    ServiceLevelTimersModule.forTier(),
    TypeOrmModule.forFeature(LEVEL2_ENTITIES),
  ],
  controllers: [Level2QueueController, Level2TicketsController, Level2DashboardController],
  providers: [
    Level2Projection,
    { provide: BackOfficeSettings, useFactory: () => readBackOfficeSettings() },
    Level2CaseFiles,
    Level2Commands,
    Level2Queries,
  ],
})
export class AppModule {}
