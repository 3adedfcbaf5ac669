import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { TierQueueQuery } from '@helpdesk/tier-desk';
import { DIAGNOSIS_OUTCOMES, DiagnosisOutcome, RMA_STEPS, RmaStep } from '../domain/level2-case';

/** The level 2 queue's filters and page. */
export class Level2QueueQuery extends TierQueueQuery {}

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
