import { z } from 'zod';
import {
  Priority,
  SUPPORT_LEVELS,
  SupportLevel,
  SupportLevelSchema,
} from '@helpdesk/ticket-events';
import { describeConfigurationError, parseJsonSetting } from './configuration';

export const SLA_TARGETS = ['first-response', 'resolution'] as const;
export type SlaTarget = (typeof SLA_TARGETS)[number];

/** One level's targets for one priority, in business minutes from when the level got the ticket. */
export interface LevelTargets {
  readonly firstResponseMinutes: number;
  readonly resolutionMinutes: number;
  /** Where a breach at this level sends the ticket (the next level up), or null to stay. */
  readonly escalateOnBreach: SupportLevel | null;
}

/** The service level agreed for one priority: its name (on the events) and its targets per level. */
export interface PriorityPolicy extends Readonly<Record<SupportLevel, LevelTargets>> {
  readonly name: string;
  /** The share of a target used up when the warning goes out. */
  readonly warningPercent: number;
}

export type ServiceLevelPolicy = Readonly<Record<Priority, PriorityPolicy>>;

const targets = (
  firstResponseMinutes: number,
  resolutionMinutes: number,
  escalateOnBreach: SupportLevel | null = null,
): LevelTargets => ({ firstResponseMinutes, resolutionMinutes, escalateOnBreach });

/**
 * ITIL-like targets in business minutes. An unanswered or unsolved P1 or P2 at level 1 goes to
 * level 2; levels 2 and 3 keep theirs (level 3 needs a domain only level 2 can qualify).
 */
export const DEFAULT_SERVICE_LEVEL_POLICY: ServiceLevelPolicy = {
  P1: {
    name: 'P1 critical',
    warningPercent: 80,
    L1: targets(15, 60, 'L2'),
    L2: targets(30, 240),
    L3: targets(60, 480),
  },
  P2: {
    name: 'P2 high',
    warningPercent: 80,
    L1: targets(30, 240, 'L2'),
    L2: targets(60, 480),
    L3: targets(120, 960),
  },
  P3: {
    name: 'P3 medium',
    warningPercent: 80,
    L1: targets(240, 960),
    L2: targets(480, 1440),
    L3: targets(480, 2400),
  },
  P4: {
    name: 'P4 low',
    warningPercent: 80,
    L1: targets(480, 2400),
    L2: targets(960, 4800),
    L3: targets(960, 4800),
  },
};

export function targetMinutes(terms: LevelTargets, target: SlaTarget): number {
  return target === 'first-response' ? terms.firstResponseMinutes : terms.resolutionMinutes;
}

/** The level above, where an escalation goes; none above level 3. */
export function nextLevel(level: SupportLevel): SupportLevel | null {
  return SUPPORT_LEVELS[SUPPORT_LEVELS.indexOf(level) + 1] ?? null;
}

const Minutes = z
  .number()
  .int('must be a whole number of minutes')
  .positive('must be at least 1 minute')
  .max(525_600, 'must be at most a year of minutes');

const LevelTargetsSchema = z
  .object({
    firstResponseMinutes: Minutes,
    resolutionMinutes: Minutes,
    escalateOnBreach: SupportLevelSchema.nullable(),
  })
  .strict();

const PriorityPolicySchema = z
  .object({
    name: z.string().min(1, 'must not be empty').max(100, 'must be at most 100 characters'),
    warningPercent: z.number().int().min(1).max(99),
    L1: LevelTargetsSchema,
    L2: LevelTargetsSchema,
    L3: LevelTargetsSchema,
  })
  .strict();

const PolicySchema = z
  .object({
    P1: PriorityPolicySchema,
    P2: PriorityPolicySchema,
    P3: PriorityPolicySchema,
    P4: PriorityPolicySchema,
  })
  .strict()
  .superRefine((policy, context) => {
    for (const [priority, terms] of Object.entries(policy)) {
      for (const level of SUPPORT_LEVELS) {
        const escalation = terms[level].escalateOnBreach;
        const next = nextLevel(level);
        if (escalation !== null && escalation !== next) {
          context.addIssue({
            code: 'custom',
            path: [priority, level, 'escalateOnBreach'],
            message: next
              ? `must be ${next} (the next level) or null`
              : 'must be null: there is no level above L3',
          });
        }
      }
    }
  });

/**
 * Reads `SLA_POLICY`: the default policy with the deployment's changes laid over it, e.g.
 * `{"P1":{"name":"Gold","L1":{"firstResponseMinutes":10}},"P4":{"L1":{"escalateOnBreach":"L2"}}}`.
 * Errors name the field.
 */
export function parseServiceLevelPolicy(json: string | undefined): ServiceLevelPolicy {
  const setting = 'SLA_POLICY';
  if (!json) return DEFAULT_SERVICE_LEVEL_POLICY;
  const given = parseJsonSetting(setting, json);
  if (!isPlainObject(given)) {
    throw new Error(`${setting} must be a JSON object of priorities (P1..P4), levels and targets`);
  }
  const parsed = PolicySchema.safeParse(laidOver(DEFAULT_SERVICE_LEVEL_POLICY, given));
  if (!parsed.success) throw describeConfigurationError(setting, parsed.error);
  return parsed.data;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `changes` over `base`, object by object; anything else in `changes` replaces. */
function laidOver(base: unknown, changes: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(changes)) return changes;
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(changes)) merged[key] = laidOver(base[key], value);
  return merged;
}
