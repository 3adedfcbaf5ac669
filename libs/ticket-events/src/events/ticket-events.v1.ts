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

/** The owning level needs something from the requester; the ticket waits for the answer. */
export const RequesterInformationRequestedV1 = defineEvent(
  'RequesterInformationRequested',
  1,
  z.object({ level: SupportLevelSchema, question: z.string().min(1).max(5_000) }),
);

/** The requester added information (an answer, a detail, an attachment's description). */
export const RequesterInformationAddedV1 = defineEvent(
  'RequesterInformationAdded',
  1,
  z.object({ message: z.string().min(1).max(10_000), channel: ChannelSchema }),
);

/** Level 2 found where the problem comes from and chose what follows. */
export const TicketDiagnosedV1 = defineEvent(
  'TicketDiagnosed',
  1,
  z.object({
    diagnosis: z.string().min(1).max(10_000),
    outcome: z.enum(['hardware-return', 'phone-guidance', 'remote-session']),
  }),
);

/** A step of a hardware return (RMA). */
export const HardwareReturnProgressedV1 = defineEvent(
  'HardwareReturnProgressed',
  1,
  z.object({
    rmaNumber: z.string().min(1).max(100),
    step: z.enum(['requested', 'shipped', 'received', 'repaired', 'replaced']),
    note: z.string().max(5_000).nullable(),
  }),
);

/** Notes of a phone call in which a technician walked the user through the fix. */
export const PhoneGuidanceNotedV1 = defineEvent(
  'PhoneGuidanceNoted',
  1,
  z.object({ level: SupportLevelSchema, notes: z.string().min(1).max(10_000) }),
);

/** A technician took remote control of the user's computer. */
export const RemoteSessionStartedV1 = defineEvent(
  'RemoteSessionStarted',
  1,
  z.object({ sessionId: z.string().min(1).max(100), link: z.url().max(2_000) }),
);

export const RemoteSessionEndedV1 = defineEvent(
  'RemoteSessionEnded',
  1,
  z.object({ sessionId: z.string().min(1).max(100), notes: z.string().max(10_000).nullable() }),
);

const SlaTargetSchema = z.enum(['first-response', 'resolution']);

/** Part of a service-level target's time is used up (the policy's warning threshold). */
export const SlaWarningV1 = defineEvent(
  'SlaWarning',
  1,
  z.object({
    level: SupportLevelSchema,
    target: SlaTargetSchema,
    /** When the target falls due, in business time, as computed when warning. */
    dueAt: z.iso.datetime(),
    policy: z.string().min(1).max(100),
  }),
);

/** A service-level target was missed. Emitted once per ticket, level and target. */
export const SlaBreachedV1 = defineEvent(
  'SlaBreached',
  1,
  z.object({
    level: SupportLevelSchema,
    target: SlaTargetSchema,
    dueAt: z.iso.datetime(),
    policy: z.string().min(1).max(100),
  }),
);
