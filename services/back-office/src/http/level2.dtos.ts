import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { Priority, PrioritySchema } from '@helpdesk/ticket-events';
import { TicketStatus } from '@helpdesk/ticket-lifecycle';
import { DIAGNOSIS_OUTCOMES, DiagnosisOutcome, RMA_STEPS, RmaStep } from '../domain/level2-case';
import { QUEUE_STATUSES } from '../read-model/level2.views';

export class Level2QueueQuery {
  @ApiPropertyOptional({ enum: PrioritySchema.options })
  @IsOptional()
  @IsIn(PrioritySchema.options)
  priority?: Priority;

  @ApiPropertyOptional({ enum: QUEUE_STATUSES })
  @IsOptional()
  @IsIn(QUEUE_STATUSES)
  status?: TicketStatus;

  @ApiPropertyOptional({
    enum: ['me', 'unassigned'],
    description: 'me: taken by the caller; unassigned: taken by nobody',
  })
  @IsOptional()
  @IsIn(['me', 'unassigned'])
  assignee?: 'me' | 'unassigned';

  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit = 50;

  @ApiPropertyOptional({ minimum: 0, maximum: 100_000, default: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(100_000)
  offset = 0;
}

export class DiagnosisDto {
  @ApiProperty({ maxLength: 10_000, example: 'The Wi-Fi adapter is dead.' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(10_000)
  diagnosis!: string;

  @ApiProperty({ enum: DIAGNOSIS_OUTCOMES })
  @IsIn(DIAGNOSIS_OUTCOMES)
  outcome!: DiagnosisOutcome;
}

export class HardwareReturnStepDto {
  @ApiProperty({
    enum: RMA_STEPS,
    description: 'in order: requested, shipped, received, then repaired or replaced',
  })
  @IsIn(RMA_STEPS)
  step!: RmaStep;

  @ApiPropertyOptional({ maxLength: 5_000 })
  @IsOptional()
  @IsString()
  @MaxLength(5_000)
  note?: string;
}

export class PhoneGuidanceDto {
  @ApiProperty({ maxLength: 10_000 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(10_000)
  notes!: string;
}

export class RemoteSessionEndDto {
  @ApiPropertyOptional({ maxLength: 10_000 })
  @IsOptional()
  @IsString()
  @MaxLength(10_000)
  notes?: string;
}

export class ResolutionDto {
  @ApiProperty({ maxLength: 10_000 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(10_000)
  resolution!: string;
}

export class EscalationDto {
  @ApiProperty({ maxLength: 2_000 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2_000)
  reason!: string;

  @ApiProperty({
    maxLength: 100,
    example: 'network',
    description: 'the qualified domain, one of SPECIALIST_DOMAINS',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  domain!: string;
}

export class SendBackDto {
  @ApiProperty({ maxLength: 2_000 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2_000)
  reason!: string;
}
