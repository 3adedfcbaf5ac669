import { DiagnosisOutcome, RmaStep } from '../domain/level2-case';

/** The level 2 dashboard in the top bar. */
export const LEVEL2_AREA = { name: 'Level 2 · Back office', href: '/dashboard' };

export const OUTCOME_LABELS: Record<DiagnosisOutcome, string> = {
  'hardware-return': 'Hardware return (RMA)',
  'phone-guidance': 'Phone guidance',
  'remote-session': 'Remote session',
};

export const RMA_STEP_LABELS: Record<RmaStep, string> = {
  requested: 'Requested (gives the RMA number)',
  shipped: 'Shipped to the repairer',
  received: 'Received by the repairer',
  repaired: 'Repaired',
  replaced: 'Replaced',
};
