import { z } from 'zod';
import { EventOf } from './define-event';
import {
  HardwareReturnProgressedV1,
  PhoneGuidanceNotedV1,
  RemoteSessionEndedV1,
  RemoteSessionStartedV1,
  RequesterInformationAddedV1,
  RequesterInformationRequestedV1,
  SlaBreachedV1,
  SlaWarningV1,
  TicketClosedV1,
  TicketDiagnosedV1,
  TicketEscalatedV1,
  TicketPrioritizedV1,
  TicketReopenedV1,
  TicketResolvedV1,
  TicketReturnedV1,
  TicketTakenV1,
} from './ticket-events.v1';
import { TicketSubmittedV2 } from './ticket-events.v2';

/**
 * The current version of every ticket event. Changing an event means adding a new version
 * beside the old one, pointing the catalog at it and registering an upcaster from the old one
 * (docs/events.md). A definition already published is never edited.
 */
export const currentTicketEvents = {
  TicketSubmitted: TicketSubmittedV2,
  TicketPrioritized: TicketPrioritizedV1,
  TicketTaken: TicketTakenV1,
  TicketEscalated: TicketEscalatedV1,
  TicketReturned: TicketReturnedV1,
  TicketResolved: TicketResolvedV1,
  TicketReopened: TicketReopenedV1,
  TicketClosed: TicketClosedV1,
  RequesterInformationRequested: RequesterInformationRequestedV1,
  RequesterInformationAdded: RequesterInformationAddedV1,
  TicketDiagnosed: TicketDiagnosedV1,
  HardwareReturnProgressed: HardwareReturnProgressedV1,
  PhoneGuidanceNoted: PhoneGuidanceNotedV1,
  RemoteSessionStarted: RemoteSessionStartedV1,
  RemoteSessionEnded: RemoteSessionEndedV1,
  SlaWarning: SlaWarningV1,
  SlaBreached: SlaBreachedV1,
} as const;

export type TicketEventType = keyof typeof currentTicketEvents;

export type TicketEvent = {
  [Type in TicketEventType]: EventOf<(typeof currentTicketEvents)[Type]>;
}[TicketEventType];

export type TicketEventOfType<Type extends TicketEventType> = Extract<TicketEvent, { type: Type }>;

export type TicketEventData<Type extends TicketEventType> = z.infer<
  (typeof currentTicketEvents)[Type]['data']
>;

export function isTicketEventType(type: string): type is TicketEventType {
  return Object.hasOwn(currentTicketEvents, type);
}
