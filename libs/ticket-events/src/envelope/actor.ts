import { z } from 'zod';

export const SUPPORT_LEVELS = ['L1', 'L2', 'L3'] as const;
export const SupportLevelSchema = z.enum(SUPPORT_LEVELS);
export type SupportLevel = z.infer<typeof SupportLevelSchema>;

/** Who caused an event: the party accountable for the change, never a process name. */
export const ActorSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('integrator'), id: z.string().min(1).max(200) }),
  z.object({ kind: z.literal('requester'), id: z.string().min(1).max(320) }),
  z.object({
    kind: z.literal('technician'),
    id: z.string().min(1).max(200),
    level: SupportLevelSchema,
  }),
  z.object({ kind: z.literal('system'), id: z.string().min(1).max(200) }),
]);
export type Actor = z.infer<typeof ActorSchema>;
