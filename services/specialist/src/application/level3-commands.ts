import { Injectable } from '@nestjs/common';
import {
  CommandResult,
  Technician,
  TicketCommandBus,
  TicketCommand,
} from '@helpdesk/event-log-nest';
import { decideHandBack, decideResolution, decideTake } from '../domain/level3-decisions';
import { SpecialistDirectory } from './specialist-directory';

export interface Level3Request {
  ticketId: string;
  technician: Technician;
  correlationId: string;
}

/** Level 3's commands. Skills are read in the command's transaction, beside the lifecycle. */
@Injectable()
export class Level3Commands {
  constructor(
    private readonly bus: TicketCommandBus,
    private readonly specialists: SpecialistDirectory,
  ) {}

  take(request: Level3Request): Promise<CommandResult> {
    return this.execute(request, async (state, manager) =>
      decideTake(state, {
        id: request.technician.id,
        supervisor: request.technician.supervisor,
        skills: await this.specialists.skillsOf(manager, request.technician.id),
      }),
    );
  }

  resolve(request: Level3Request, resolution: string): Promise<CommandResult> {
    return this.execute(request, (state) =>
      decideResolution(state, request.technician, resolution),
    );
  }

  handBack(request: Level3Request, reason: string): Promise<CommandResult> {
    return this.execute(request, (state) => decideHandBack(state, reason));
  }

  private execute(
    { ticketId, technician, correlationId }: Level3Request,
    decide: TicketCommand['decide'],
  ): Promise<CommandResult> {
    return this.bus.execute({
      ticketId,
      level: 'L3',
      actor: { kind: 'technician', id: technician.id, level: technician.level },
      correlationId,
      decide,
    });
  }
}
