import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { Priority, PrioritySchema } from '@helpdesk/ticket-events';
import { TicketStatus } from '@helpdesk/ticket-lifecycle';
import { OPEN_STATUSES } from '../read-model/level3.views';

/** A domain as level 2 qualifies it: lower case, digits and dashes, at most 100 characters. */
const DOMAIN = /^[a-z0-9][a-z0-9-]{0,99}$/;
const DOMAIN_MESSAGE = 'domain must be lower case letters, digits and dashes (at most 100)';

export class DomainParams {
  @ApiProperty({ example: 'network' })
  @Matches(DOMAIN, { message: DOMAIN_MESSAGE })
  domain!: string;
}

export class DomainQueueQuery {
  @ApiPropertyOptional({ enum: PrioritySchema.options })
  @IsOptional()
  @IsIn(PrioritySchema.options)
  priority?: Priority;

  @ApiPropertyOptional({ enum: OPEN_STATUSES })
  @IsOptional()
  @IsIn(OPEN_STATUSES)
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

export class RegisterSpecialistDto {
  @ApiProperty({
    maxLength: 200,
    description: "the technician's id, as in their session token",
    example: 'tech-42',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  id!: string;

  @ApiProperty({ maxLength: 200, example: 'Nadia Okafor' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name!: string;

  @ApiProperty({ type: [String], minItems: 1, maxItems: 20, example: ['network', 'security'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ArrayUnique()
  @Matches(DOMAIN, {
    each: true,
    message: 'each of domains must be lower case letters, digits and dashes (at most 100)',
  })
  domains!: string[];
}

export class Level3ResolutionDto {
  @ApiProperty({ maxLength: 10_000 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(10_000)
  resolution!: string;
}

export class HandBackDto {
  @ApiProperty({ maxLength: 2_000 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2_000)
  reason!: string;
}
