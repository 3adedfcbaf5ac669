import { z } from 'zod';
import { SupportLevelSchema } from '../envelope/actor';
import { defineEvent } from './define-event';
import {
  ChannelSchema,
  ImpactSchema,
  PrioritySchema,
  ReasonSchema,
  UrgencySchema,
} from './vocabulary';

/** A request was accepted by intake. The ticket starts owned by level 1. */
export const TicketSubmittedV1 = defineEvent(
  'TicketSubmitted',
  1,
  z.object({
    requester: z.object({ name: z.string().min(1).max(200), email: z.email().max(320) }),
    channel: ChannelSchema,
    category: z.string().min(1).max(100),
    summary: z.string().min(1).max(200),
    description: z.string().min(1).max(10_000),
    impact: ImpactSchema,
    urgency: UrgencySchema,
  }),
);

/** Impact and urgency were assessed (or re-assessed), giving the priority. */
export const TicketPrioritizedV1 = defineEvent(
  'TicketPrioritized',
  1,
  z.object({ impact: ImpactSchema, urgency: UrgencySchema, priority: PrioritySchema }),
);

/** A technician of the owning level took the ticket. */
export const TicketTakenV1 = defineEvent(
  'TicketTaken',
  1,
  z.object({ level: SupportLevelSchema, technicianId: z.string().min(1).max(200) }),
);

/** Ownership moved up a level. `domain` is the qualified domain when level 2 hands to level 3. */
export const TicketEscalatedV1 = defineEvent(
  'TicketEscalated',
  1,
  z.object({
    fromLevel: SupportLevelSchema,
    toLevel: SupportLevelSchema,
    reason: ReasonSchema,
    domain: z.string().min(1).max(100).nullable(),
  }),
);

/** Ownership moved down a level (sent back, handed back). */
export const TicketReturnedV1 = defineEvent(
  'TicketReturned',
  1,
  z.object({ fromLevel: SupportLevelSchema, toLevel: SupportLevelSchema, reason: ReasonSchema }),
);

/** The owning level solved the problem; the requester may confirm or reopen. */
export const TicketResolvedV1 = defineEvent(
  'TicketResolved',
  1,
  z.object({
    level: SupportLevelSchema,
    resolution: z.string().min(1).max(10_000),
    knowledgeArticleId: z.string().min(1).max(100).nullable(),
  }),
);

/** The requester reopened a resolved ticket; it goes back to the level that resolved it. */
export const TicketReopenedV1 = defineEvent(
  'TicketReopened',
  1,
  z.object({ toLevel: SupportLevelSchema, reason: ReasonSchema }),
);

/** The ticket is closed for good. */
export const TicketClosedV1 = defineEvent(
  'TicketClosed',
  1,
  z.object({ reason: z.enum(['confirmed-by-requester', 'closed-without-confirmation']) }),
);
