import { z } from 'zod';

export const ChannelSchema = z.enum(['api', 'portal', 'email', 'phone']);
export type Channel = z.infer<typeof ChannelSchema>;

/** ITIL impact and urgency; together they give the priority. */
export const ImpactSchema = z.enum(['low', 'medium', 'high']);
export const UrgencySchema = z.enum(['low', 'medium', 'high']);
export type Impact = z.infer<typeof ImpactSchema>;
export type Urgency = z.infer<typeof UrgencySchema>;

export const PrioritySchema = z.enum(['P1', 'P2', 'P3', 'P4']);
export type Priority = z.infer<typeof PrioritySchema>;

export const ReasonSchema = z.string().min(1).max(2000);
