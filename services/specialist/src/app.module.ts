import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { TicketServiceModule } from '@helpdesk/event-log-nest';
import {
  ServiceLevelTimersModule,
  ServiceLevelTimersTable1764500000000,
} from '@helpdesk/service-level-timers';
import { Level3Commands } from './application/level3-commands';
import { SpecialistDirectory } from './application/specialist-directory';
import { Level3DashboardController } from './dashboard/level3-dashboard.controller';
import { Level3QueuesController } from './http/level3-queues.controller';
import { Level3TicketsController } from './http/level3-tickets.controller';
import { SpecialistsController } from './http/specialists.controller';
import { LEVEL3_ENTITIES } from './read-model/level3.entities';
import { Level3Projection } from './read-model/level3.projection';
import { Level3Queries } from './read-model/level3.queries';
import { Specialists1764200000000 } from './read-model/migrations/1764200000000-specialists';
import { Level3ReadModel1764200000001 } from './read-model/migrations/1764200000001-level3-read-model';
import { Level3RequesterPhone1764600000000 } from './read-model/migrations/1764600000000-level3-requester-phone';

/** Level 3: queues per qualified domain, specialists with skills. */
@Module({
  imports: [
    TicketServiceModule.forRoot({
      service: 'specialist',
      projection: 'specialist.read-model.v1',
      level: 'L3',
      migrations: [
        Specialists1764200000000,
        Level3ReadModel1764200000001,
        ServiceLevelTimersTable1764500000000,
        Level3RequesterPhone1764600000000,
      ],
    }),
    ServiceLevelTimersModule.forTier(),
    TypeOrmModule.forFeature(LEVEL3_ENTITIES),
  ],
  controllers: [
    Level3QueuesController,
    Level3TicketsController,
    SpecialistsController,
    Level3DashboardController,
  ],
  providers: [Level3Projection, Level3Commands, Level3Queries, SpecialistDirectory],
})
export class AppModule {}
