import { ProjectionRunner } from '@helpdesk/event-log';
import { Body, Controller, Get, HttpCode, Post, Query, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  Max,
  Min,
} from 'class-validator';
import { DeadLetterList, DeadLetterReplay } from '@helpdesk/event-log';
import { InternalTokenGuard } from './internal-token.guard';

class DeadLettersQueryDto {
  /** `true`: the resolved letters too. */
  @IsOptional()
  @IsIn(['true', 'false'])
  all?: 'true' | 'false';

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1_000)
  limit?: number;
}

class ReplayDeadLettersDto {
  /** The letters to replay; without it, every unresolved letter. */
  @IsOptional()
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(1_000)
  @IsInt({ each: true })
  @Min(1, { each: true })
  ids?: number[];
}

/**
 * For operators: the dead letters of the service's projection, and their replay once the
 * cause is fixed (ADR 13). A replay applies each letter at most once, so it is safe to repeat.
 */
@ApiExcludeController()
@Controller('internal/v1/dead-letters')
@UseGuards(InternalTokenGuard)
export class DeadLettersAdminController {
  constructor(private readonly runner: ProjectionRunner) {}

  /** Unresolved letters, oldest first (`?all=true`: resolved ones too; `?limit=`: up to 1000). */
  @Get()
  list(@Query() query: DeadLettersQueryDto): Promise<DeadLetterList> {
    return this.runner.listDeadLetters({
      includeResolved: query.all === 'true',
      limit: query.limit,
    });
  }

  /** Every unresolved letter, or `{ "ids": [...] }`; answers what was applied and what is still dead. */
  @Post('replay')
  @HttpCode(200)
  replay(@Body() body: ReplayDeadLettersDto): Promise<DeadLetterReplay> {
    return this.runner.replayDeadLetters(body.ids);
  }
}
