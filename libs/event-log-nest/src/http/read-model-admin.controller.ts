import { ProjectionRunner } from '@helpdesk/event-log';
import { Controller, Get, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { ProjectionStatus } from '@helpdesk/event-log';
import { InternalTokenGuard } from './internal-token.guard';

/**
 * For operators: the read model's progress, and a rebuild from the start of the log. The
 * rebuild runs in the background; GET shows how far it is (`rebuildPercent`, `behind`).
 */
@ApiExcludeController()
@Controller('internal/v1/read-model')
@UseGuards(InternalTokenGuard)
export class ReadModelAdminController {
  constructor(private readonly runner: ProjectionRunner) {}

  @Get()
  status(): Promise<ProjectionStatus> {
    return this.runner.status();
  }

  @Post('rebuild')
  @HttpCode(202)
  async rebuild(): Promise<ProjectionStatus> {
    await this.runner.rebuildFromStart();
    return this.runner.status();
  }
}
