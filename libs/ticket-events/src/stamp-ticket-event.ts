import { EnvelopeMetadata } from './envelope/envelope';
import {
  TicketEvent,
  TicketEventData,
  TicketEventOfType,
  TicketEventType,
  currentTicketEvents,
} from './events/catalog';

/** What a decision produces: an event type and its data, before it gets an envelope. */
export interface TicketEventDraft<Type extends TicketEventType = TicketEventType> {
  readonly type: Type;
  readonly data: TicketEventData<Type>;
}

export type EnvelopeStamp = Omit<EnvelopeMetadata, 'schemaVersion'>;

/** Wraps a draft in its envelope at the current schema version of its type. */
export function stampTicketEvent<Type extends TicketEventType>(
  draft: TicketEventDraft<Type>,
  stamp: EnvelopeStamp,
): TicketEventOfType<Type> {
  const event = {
    ...stamp,
    schemaVersion: currentTicketEvents[draft.type].version,
    type: draft.type,
    data: draft.data,
  };
  return event as TicketEvent as TicketEventOfType<Type>;
}
