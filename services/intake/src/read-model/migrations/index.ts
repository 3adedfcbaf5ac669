import { IntakeTables1764100000000 } from './1764100000000-intake-tables';
import { ContactGuideSeed1764100000001 } from './1764100000001-contact-guide-seed';
import { TechnicianAccounts1764100000002 } from './1764100000002-technician-accounts';
import { Notifications1764100000003 } from './1764100000003-notifications';
import { Reports1764100000010 } from './1764100000010-reports';

/** Intake's migrations, run after the kernel's (projection store, outbox, ticket lifecycle). */
export const intakeMigrations = [
  IntakeTables1764100000000,
  ContactGuideSeed1764100000001,
  TechnicianAccounts1764100000002,
  Notifications1764100000003,
  Reports1764100000010,
];
