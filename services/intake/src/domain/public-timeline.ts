import { SupportLevel, TicketEvent } from '@helpdesk/ticket-events';

/** One step of a ticket as its requester may see it. */
export interface PublicTimelineEntry {
  readonly sequence: number;
  readonly type: TicketEvent['type'];
  readonly occurredAt: string;
  /** A sentence or the requester-facing words (question, resolution, their own message). */
  readonly text: string;
  /** Structured, public fields only (levels, priority, RMA step). */
  readonly details: Readonly<Record<string, string>>;
}

const LEVEL_NAMES: Record<SupportLevel, string> = {
  L1: 'level 1 (front line)',
  L2: 'level 2 (back office)',
  L3: 'level 3 (specialists)',
};

/**
 * What the requester sees of an event, or null for internal work. Only fields written for the
 * requester pass: never a technician's id, an escalation's internal reason, a diagnosis,
 * phone notes or a remote session link. The switch is exhaustive: a new event type does not
 * compile until someone decides what of it is public.
 */
export function publicTimelineEntry(event: TicketEvent): PublicTimelineEntry | null {
  const entry = (text: string, details: Record<string, string> = {}): PublicTimelineEntry => ({
    sequence: event.sequence,
    type: event.type,
    occurredAt: event.occurredAt,
    text,
    details,
  });
  switch (event.type) {
    case 'TicketSubmitted':
      return entry(event.data.description, {
        channel: event.data.channel,
        category: event.data.category,
        summary: event.data.summary,
      });
    case 'TicketPrioritized':
      return entry(
        `Priority ${event.data.priority} (impact ${event.data.impact}, urgency ${event.data.urgency})`,
        { priority: event.data.priority, impact: event.data.impact, urgency: event.data.urgency },
      );
    case 'TicketTaken':
      return entry(`A technician of ${LEVEL_NAMES[event.data.level]} took the ticket`, {
        level: event.data.level,
      });
    case 'TicketEscalated':
      return entry(
        `Escalated from ${LEVEL_NAMES[event.data.fromLevel]} to ${LEVEL_NAMES[event.data.toLevel]}`,
        { fromLevel: event.data.fromLevel, toLevel: event.data.toLevel },
      );
    case 'TicketReturned':
      return entry(
        `Handed from ${LEVEL_NAMES[event.data.fromLevel]} to ${LEVEL_NAMES[event.data.toLevel]}`,
        { fromLevel: event.data.fromLevel, toLevel: event.data.toLevel },
      );
    case 'RequesterInformationRequested':
      return entry(event.data.question, { level: event.data.level });
    case 'RequesterInformationAdded':
      return entry(event.data.message, { channel: event.data.channel });
    case 'TicketResolved':
      return entry(event.data.resolution, { level: event.data.level });
    case 'TicketReopened':
      return entry(event.data.reason, { toLevel: event.data.toLevel });
    case 'TicketClosed':
      return entry(
        event.data.reason === 'confirmed-by-requester'
          ? 'Closed: the requester confirmed the resolution'
          : 'Closed without confirmation from the requester',
        { reason: event.data.reason },
      );
    case 'HardwareReturnProgressed':
      // The step and the RMA number are for the requester; the free-text note is the
      // technician's and stays internal.
      return entry(`Hardware return ${event.data.rmaNumber}: ${event.data.step}`, {
        rmaNumber: event.data.rmaNumber,
        step: event.data.step,
      });
    case 'TicketDiagnosed':
    case 'PhoneGuidanceNoted':
    case 'RemoteSessionStarted':
    case 'RemoteSessionEnded':
    case 'SlaWarning':
    case 'SlaBreached':
      return null;
    default:
      return assertNever(event);
  }
}

function assertNever(event: never): never {
  throw new Error(`no public view decided for ${JSON.stringify(event)}`);
}
