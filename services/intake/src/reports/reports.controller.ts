import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { Clock, TechnicianGuard } from '@helpdesk/event-log-nest';
import { ReportQueryDto, reportPeriod } from './report-period';
import { ReportView } from './report.views';
import { ReportsQueries } from './reports.queries';

/**
 * The support manager's figures as JSON. Intake serves no tier, so the TechnicianGuard lets
 * supervisors in and answers 403 to every other technician.
 */
@ApiTags('reports')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'No valid technician token' })
@ApiForbiddenResponse({ description: 'A technician who is not a supervisor' })
@Controller('api/v1/reports')
@UseGuards(TechnicianGuard)
export class ReportsController {
  constructor(
    private readonly queries: ReportsQueries,
    private readonly clock: Clock,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'Backlog, first-contact resolution, escalation, MTTR and SLA compliance',
    description:
      'Per tier and overall, computed from the event log. The backlog is counted now; every ' +
      'other figure is about the period. Each figure’s definition is in its description.',
  })
  @ApiOkResponse({ type: ReportView })
  @ApiBadRequestResponse({ description: '`from` or `to` is not a date, or from is not before to' })
  report(@Query() query: ReportQueryDto): Promise<ReportView> {
    const now = this.clock.now();
    return this.queries.report(reportPeriod(query, now), now);
  }
}
