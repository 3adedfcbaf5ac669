import { Module } from '@nestjs/common';
import { TicketServiceModule } from '@helpdesk/event-log-nest';
import {
  ServiceLevelTimersModule,
  ServiceLevelTimersTable1764500000000,
} from '@helpdesk/service-level-timers';
import { Level1Commands } from './application/level1-commands';
import { priorityMatrixProvider } from './application/priority-matrix.provider';
import { decideEscalation } from './domain/escalation';
import { Level1DashboardController } from './dashboard/level1-dashboard.controller';
import { Level1FormsController } from './dashboard/level1-forms.controller';
import { KnowledgeBaseController } from './http/knowledge-base.controller';
import { QueueController } from './http/queue.controller';
import { SupervisorGuard } from './http/supervisor.guard';
import { TicketCommandsController } from './http/ticket-commands.controller';
import { TicketsController } from './http/tickets.controller';
import { KnowledgeArticles } from './read-model/knowledge-base/knowledge-articles';
import { Level1QueueProjection } from './read-model/level1-queue.projection';
import { Level1QueueQueries } from './read-model/level1-queue.queries';
import { Level1Queue1764100000000 } from './read-model/migrations/1764100000000-level1-queue';
import { KnowledgeArticles1764100000001 } from './read-model/migrations/1764100000001-knowledge-articles';
import { KnowledgeArticlesSeed1764100000002 } from './read-model/migrations/1764100000002-knowledge-articles-seed';
import { Level1RequesterPhone1764600000000 } from './read-model/migrations/1764600000000-level1-requester-phone';
import { TriageTables } from './read-model/triage-tables';

/** Level 1: the front-line queue, knowledge base, priority; resolves with advice or escalates to level 2. */
@Module({
  imports: [
    TicketServiceModule.forRoot({
      service: 'triage',
      projection: 'triage.read-model.v1',
      level: 'L1',
      migrations: [
        Level1Queue1764100000000,
        KnowledgeArticles1764100000001,
        KnowledgeArticlesSeed1764100000002,
        ServiceLevelTimersTable1764500000000,
        Level1RequesterPhone1764600000000,
      ],
    }),
    // A breach that escalates by policy goes through level 1's own escalation rule.
    ServiceLevelTimersModule.forTier({
      escalate: (state, { reason }) => decideEscalation(state, reason),
    }),
  ],
  controllers: [
    QueueController,
    TicketsController,
    TicketCommandsController,
    KnowledgeBaseController,
    Level1DashboardController,
    Level1FormsController,
  ],
  providers: [
    Level1QueueProjection,
    priorityMatrixProvider,
    TriageTables,
    Level1QueueQueries,
    KnowledgeArticles,
    Level1Commands,
    SupervisorGuard,
  ],
})
export class AppModule {}
