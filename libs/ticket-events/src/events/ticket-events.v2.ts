import { z } from 'zod';
import { defineEvent } from './define-event';
import { ChannelSchema, ImpactSchema, UrgencySchema } from './vocabulary';

/** The longest phone number a requester can leave (with spaces and an extension prefix). */
export const MAX_PHONE_NUMBER_LENGTH = 40;

/**
 * A phone number as people write it: digits, spaces and `+ - ( ) .`, at least 3 digits (an
 * internal extension), neither starting nor ending with a space, at most 40 characters.
 * Plain text on purpose: intake validates its input with the same pattern.
 */
export const PHONE_NUMBER_PATTERN =
  /^(?=(?:[^0-9]*[0-9]){3})[0-9+().-](?:[0-9 +().-]{0,38}[0-9+().-])?$/;

export const PHONE_NUMBER_RULE = 'digits, spaces and + - ( ) . only, at least 3 digits';

export const PhoneNumberSchema = z
  .string()
  .max(MAX_PHONE_NUMBER_LENGTH)
  .regex(PHONE_NUMBER_PATTERN, `a phone number: ${PHONE_NUMBER_RULE}`);

/**
 * A request was accepted by intake. The ticket starts owned by level 1.
 *
 * Version 2: the requester may leave a number to call back (`requester.phone`, null when they
 * did not). Version 1 events are upcast with `phone: null` (see ticket-event-upcasters.ts).
 */
export const TicketSubmittedV2 = defineEvent(
  'TicketSubmitted',
  2,
  z.object({
    requester: z.object({
      name: z.string().min(1).max(200),
      email: z.email().max(320),
      phone: PhoneNumberSchema.nullable(),
    }),
    channel: ChannelSchema,
    category: z.string().min(1).max(100),
    summary: z.string().min(1).max(200),
    description: z.string().min(1).max(10_000),
    impact: ImpactSchema,
    urgency: UrgencySchema,
  }),
);
