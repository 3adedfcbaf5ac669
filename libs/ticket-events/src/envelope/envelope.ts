import { z } from 'zod';
import { ActorSchema } from './actor';

/**
 * The metadata every ticket event carries. `sequence` numbers one ticket's events 1..n with no
 * gap and no duplicate (invariant 1); `ticketId` is also the log key, so one ticket's events
 * stay in one partition and in order.
 */
export const EnvelopeMetadataSchema = z.object({
  eventId: z.uuid(),
  schemaVersion: z.number().int().positive(),
  ticketId: z.uuid(),
  sequence: z.number().int().positive(),
  occurredAt: z.iso.datetime({ offset: true }),
  producer: z.string().min(1).max(100),
  correlationId: z.string().min(1).max(200),
  causationId: z.string().min(1).max(200).nullable(),
  actor: ActorSchema,
});
export type EnvelopeMetadata = z.infer<typeof EnvelopeMetadataSchema>;

export interface Envelope<Type extends string, Data> extends EnvelopeMetadata {
  readonly type: Type;
  readonly data: Data;
}

/** What the envelope looks like before its data is known to match a schema version. */
export const RawEnvelopeSchema = EnvelopeMetadataSchema.extend({
  type: z.string().min(1).max(100),
  data: z.record(z.string(), z.unknown()),
});
export type RawEnvelope = z.infer<typeof RawEnvelopeSchema>;
