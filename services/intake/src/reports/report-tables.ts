import { Injectable } from '@nestjs/common';
import { DatabaseSettings } from '@helpdesk/event-log-nest';

/** The qualified names of the reports' tables, in intake's schema. */
@Injectable()
export class ReportTables {
  readonly tickets: string;
  readonly stays: string;
  readonly sla: string;

  constructor(settings: DatabaseSettings) {
    const schema = `"${settings.DATABASE_SCHEMA.replace(/"/g, '""')}"`;
    this.tickets = `${schema}.report_tickets`;
    this.stays = `${schema}.report_tier_stays`;
    this.sla = `${schema}.report_sla_events`;
  }
}
