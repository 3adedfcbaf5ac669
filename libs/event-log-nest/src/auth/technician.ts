import { SupportLevel } from '@helpdesk/ticket-events';

/** A signed-in technician, as carried by the session token shared across the tier services. */
export interface Technician {
  id: string;
  name: string;
  level: SupportLevel;
  /** Supervisors see and act on every tier. */
  supervisor: boolean;
}
