import { Controller, Get, Header, Query } from '@nestjs/common';
import { Clock, CurrentViewer, DashboardPage, Viewer } from '@helpdesk/event-log-nest';
import { ReportQueryDto, reportPeriod } from './report-period';
import { reportsPage } from './reports.page';
import { ReportsQueries } from './reports.queries';

/** The reports as a page, for supervisors (intake serves no tier: nobody else passes). */
@DashboardPage()
@Controller('reports')
export class ReportsPageController {
  constructor(
    private readonly queries: ReportsQueries,
    private readonly clock: Clock,
  ) {}

  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  async reports(@Query() query: ReportQueryDto, @CurrentViewer() viewer: Viewer): Promise<string> {
    const now = this.clock.now();
    const report = await this.queries.report(reportPeriod(query, now), now);
    return reportsPage({ viewer, report, now }).markup;
  }
}
