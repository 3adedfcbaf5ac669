import { Injectable } from '@nestjs/common';
import { DatabaseSettings } from '@helpdesk/event-log-nest';

/** The qualified names of triage's own tables, in the service's schema. */
@Injectable()
export class TriageTables {
  readonly queue: string;
  readonly timeline: string;
  readonly articles: string;

  constructor(settings: DatabaseSettings) {
    const schema = `"${settings.DATABASE_SCHEMA.replace(/"/g, '""')}"`;
    this.queue = `${schema}.level1_queue`;
    this.timeline = `${schema}.ticket_timeline`;
    this.articles = `${schema}.knowledge_articles`;
  }
}
