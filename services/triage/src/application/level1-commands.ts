import { Inject, Injectable, UnprocessableEntityException } from '@nestjs/common';
import { PriorityMatrix } from '@helpdesk/ticket-lifecycle';
import {
  CommandResult,
  Technician,
  TicketCommand,
  TicketCommandBus,
} from '@helpdesk/event-log-nest';
import { decideAssignment, decideTake } from '../domain/assignment';
import { decideEscalation } from '../domain/escalation';
import { decideInformationRequest } from '../domain/information-request';
import { Assessment, decidePrioritization } from '../domain/prioritization';
import { decideResolution } from '../domain/resolution';
import { KnowledgeArticles } from '../read-model/knowledge-base/knowledge-articles';
import { PRIORITY_MATRIX } from './priority-matrix.provider';

/** Who acts, and the request the resulting events belong to. */
export interface Level1Context {
  technician: Technician;
  correlationId: string;
}

/**
 * Level 1's commands on a ticket. Each one runs through the kernel's bus at level L1 (which
 * locks the ticket and checks that level 1 owns it) with a pure decision from domain/.
 */
@Injectable()
export class Level1Commands {
  constructor(
    private readonly bus: TicketCommandBus,
    private readonly articles: KnowledgeArticles,
    @Inject(PRIORITY_MATRIX) private readonly matrix: PriorityMatrix,
  ) {}

  take(ticketId: string, context: Level1Context): Promise<CommandResult> {
    return this.run(ticketId, context, (state) => decideTake(state, context.technician.id));
  }

  assign(ticketId: string, technicianId: string, context: Level1Context): Promise<CommandResult> {
    return this.run(ticketId, context, (state) => decideAssignment(state, technicianId));
  }

  prioritize(
    ticketId: string,
    assessment: Assessment,
    context: Level1Context,
  ): Promise<CommandResult> {
    return this.run(ticketId, context, (state) =>
      decidePrioritization(state, assessment, this.matrix),
    );
  }

  /** First-contact resolution, citing a knowledge-base article when one solved it. */
  resolve(
    ticketId: string,
    input: { resolution?: string; knowledgeArticleId?: string },
    context: Level1Context,
  ): Promise<CommandResult> {
    return this.run(ticketId, context, async (state, manager) => {
      const { knowledgeArticleId } = input;
      const article = knowledgeArticleId
        ? await this.articles.find(knowledgeArticleId, manager)
        : undefined;
      if (knowledgeArticleId && !article) {
        throw new UnprocessableEntityException(
          `knowledge article ${knowledgeArticleId} does not exist`,
        );
      }
      return decideResolution(state, { resolution: input.resolution, article });
    });
  }

  requestInformation(
    ticketId: string,
    question: string,
    context: Level1Context,
  ): Promise<CommandResult> {
    return this.run(ticketId, context, (state) => decideInformationRequest(state, question));
  }

  escalate(ticketId: string, reason: string, context: Level1Context): Promise<CommandResult> {
    return this.run(ticketId, context, (state) => decideEscalation(state, reason));
  }

  private run(
    ticketId: string,
    { technician, correlationId }: Level1Context,
    decide: TicketCommand['decide'],
  ): Promise<CommandResult> {
    return this.bus.execute({
      ticketId,
      level: 'L1',
      actor: { kind: 'technician', id: technician.id, level: 'L1' },
      correlationId,
      decide,
    });
  }
}
