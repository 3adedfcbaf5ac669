/** The tier's ServiceLevelRules: its level, the policy and the business calendar. */
export const SERVICE_LEVEL_RULES = Symbol('SERVICE_LEVEL_RULES');

/** The tier's EscalationDecision: how a breach escalates by the tier's own rules. */
export const ESCALATION_DECISION = Symbol('ESCALATION_DECISION');
