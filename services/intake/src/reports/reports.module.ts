import { Module } from '@nestjs/common';
import { ReportTables } from './report-tables';
import { ReportsPageController } from './reports-page.controller';
import { ReportsController } from './reports.controller';
import { ReportsProjection } from './reports.projection';
import { ReportsQueries } from './reports.queries';

/**
 * Reports for the support manager (supervisors): backlog, first-contact resolution,
 * escalation, MTTR and SLA compliance, from a read model of their own fed by the whole log.
 */
@Module({
  controllers: [ReportsController, ReportsPageController],
  providers: [ReportTables, ReportsQueries, ReportsProjection],
})
export class ReportsModule {}
