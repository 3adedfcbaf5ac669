import { SupportLevel } from '@helpdesk/ticket-events';

/** Which service this is, and which support level it serves (none for intake). */
export class ServiceIdentity {
  constructor(
    readonly name: string,
    readonly level: SupportLevel | null,
  ) {}
}
