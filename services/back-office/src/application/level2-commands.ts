import { Injectable } from '@nestjs/common';
import { randomBytes, randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { TicketEventDraft } from '@helpdesk/ticket-events';
import { TicketLifecycle } from '@helpdesk/ticket-lifecycle';
import { Clock, CommandResult, Technician, TicketCommandBus } from '@helpdesk/event-log-nest';
import { decideHardwareReturnStep, rmaNumber } from '../domain/hardware-return';
import { DiagnosisOutcome, Level2Case, RmaStep } from '../domain/level2-case';
import {
  decideDiagnosis,
  decideEscalation,
  decidePhoneGuidance,
  decideResolution,
  decideSendBack,
  decideTake,
} from '../domain/level2-decisions';
import {
  decideRemoteSessionEnd,
  decideRemoteSessionStart,
  remoteSessionLink,
} from '../domain/remote-session';
import { Level2CaseFiles } from '../read-model/level2-case-files';
import { BackOfficeSettings } from './back-office.settings';

/** Who asks, and for which request: what every level 2 command carries. */
export interface Level2Request {
  ticketId: string;
  technician: Technician;
  correlationId: string;
}

/**
 * Level 2's commands: each one loads what it decides on (the lifecycle, and level 2's own
 * case file when it matters) and runs a pure decision through the command bus.
 */
@Injectable()
export class Level2Commands {
  constructor(
    private readonly bus: TicketCommandBus,
    private readonly caseFiles: Level2CaseFiles,
    private readonly clock: Clock,
    private readonly settings: BackOfficeSettings,
  ) {}

  take(request: Level2Request): Promise<CommandResult> {
    return this.run(request, (state) => decideTake(state, request.technician));
  }

  diagnose(
    request: Level2Request,
    input: { diagnosis: string; outcome: DiagnosisOutcome },
  ): Promise<CommandResult> {
    return this.runOnCase(request, (state, file) =>
      decideDiagnosis(state, file, request.technician, input),
    );
  }

  progressHardwareReturn(
    request: Level2Request,
    input: { step: RmaStep; note: string | null },
  ): Promise<CommandResult> {
    const newRmaNumber = rmaNumber(this.clock.now(), randomBytes(4).toString('hex'));
    return this.runOnCase(request, (state, file) =>
      decideHardwareReturnStep(state, file, request.technician, { ...input, newRmaNumber }),
    );
  }

  notePhoneGuidance(request: Level2Request, notes: string): Promise<CommandResult> {
    return this.runOnCase(request, (state, file) =>
      decidePhoneGuidance(state, file, request.technician, notes),
    );
  }

  startRemoteSession(request: Level2Request): Promise<CommandResult> {
    const sessionId = randomUUID();
    const link = remoteSessionLink(this.settings.REMOTE_SESSION_URL_TEMPLATE, {
      sessionId,
      ticketId: request.ticketId,
    });
    return this.runOnCase(request, (state, file) =>
      decideRemoteSessionStart(state, file, request.technician, { sessionId, link }),
    );
  }

  endRemoteSession(
    request: Level2Request,
    input: { sessionId: string; notes: string | null },
  ): Promise<CommandResult> {
    return this.runOnCase(request, (state, file) =>
      decideRemoteSessionEnd(state, file, request.technician, input),
    );
  }

  resolve(request: Level2Request, resolution: string): Promise<CommandResult> {
    return this.runOnCase(request, (state, file) =>
      decideResolution(state, file, request.technician, resolution),
    );
  }

  /** `domain` must be one of SPECIALIST_DOMAINS: the HTTP edge checks it first. */
  escalate(
    request: Level2Request,
    input: { reason: string; domain: string },
  ): Promise<CommandResult> {
    return this.runOnCase(request, (state, file) => decideEscalation(state, file, input));
  }

  sendBack(request: Level2Request, reason: string): Promise<CommandResult> {
    return this.runOnCase(request, (state, file) => decideSendBack(state, file, reason));
  }

  private run(
    request: Level2Request,
    decide: (
      state: TicketLifecycle,
      manager: EntityManager,
    ) => Promise<readonly TicketEventDraft[]> | readonly TicketEventDraft[],
  ): Promise<CommandResult> {
    const { ticketId, technician, correlationId } = request;
    return this.bus.execute({
      ticketId,
      level: 'L2',
      actor: { kind: 'technician', id: technician.id, level: technician.level },
      correlationId,
      decide,
    });
  }

  private runOnCase(
    request: Level2Request,
    decide: (state: TicketLifecycle, file: Level2Case) => readonly TicketEventDraft[],
  ): Promise<CommandResult> {
    return this.run(request, async (state, manager) =>
      decide(state, await this.caseFiles.load(manager, request.ticketId)),
    );
  }
}
