import { z } from 'zod';
import { RawEnvelopeSchema } from './envelope/envelope';
import { TicketEvent, currentTicketEvents } from './events/catalog';
import { EventDefinition } from './events/define-event';
import { ticketEventUpcasters } from './upcasting/ticket-event-upcasters';
import { UpcasterRegistry } from './upcasting/upcaster-registry';

export type ParseResult<Event> = { ok: true; event: Event } | { ok: false; reason: string };

type Catalog = Readonly<Record<string, EventDefinition<string, z.ZodType>>>;

/**
 * The consumer's door: bytes from the log become a typed event of the current schema version,
 * or a reason that names what is wrong (for the dead-letter record). Never throws.
 */
export function createEventParser<Event>(
  catalog: Catalog,
  upcasters: UpcasterRegistry,
): (payload: string | Buffer) => ParseResult<Event> {
  return (payload) => {
    let json: unknown;
    try {
      json = JSON.parse(payload.toString());
    } catch {
      return { ok: false, reason: 'payload is not valid JSON' };
    }
    const envelope = RawEnvelopeSchema.safeParse(json);
    if (!envelope.success) return { ok: false, reason: `envelope: ${describe(envelope.error)}` };

    const definition = Object.hasOwn(catalog, envelope.data.type)
      ? catalog[envelope.data.type]
      : undefined;
    if (!definition) return { ok: false, reason: `unknown event type '${envelope.data.type}'` };
    if (envelope.data.schemaVersion > definition.version) {
      return {
        ok: false,
        reason: `${envelope.data.type}@${envelope.data.schemaVersion} is newer than this consumer knows (${definition.version})`,
      };
    }

    const upcast = upcasters.upcast(envelope.data, definition.version);
    if (!upcast.ok) return upcast;

    const data = definition.data.safeParse(upcast.envelope.data);
    if (!data.success) {
      return {
        ok: false,
        reason: `${definition.type}@${definition.version} data: ${describe(data.error)}`,
      };
    }
    return { ok: true, event: { ...upcast.envelope, data: data.data } as Event };
  };
}

function describe(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
    .join('; ');
}

export const parseTicketEvent = createEventParser<TicketEvent>(
  currentTicketEvents,
  ticketEventUpcasters,
);

export function serializeTicketEvent(event: TicketEvent): string {
  return JSON.stringify(event);
}
