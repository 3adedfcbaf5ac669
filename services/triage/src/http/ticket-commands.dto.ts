import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateIf,
} from 'class-validator';
import { Impact, Urgency } from '@helpdesk/ticket-events';
import { KNOWLEDGE_ARTICLE_ID } from './knowledge-article.dto';

const LEVELS = ['low', 'medium', 'high'] as const;

export class AssignDto {
  @ApiProperty({ maxLength: 200, example: 'tech-17' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  technicianId!: string;
}

export class PrioritizeDto {
  @ApiProperty({ enum: LEVELS })
  @IsIn(LEVELS)
  impact!: Impact;

  @ApiProperty({ enum: LEVELS })
  @IsIn(LEVELS)
  urgency!: Urgency;
}

export class ResolveDto {
  @ApiPropertyOptional({
    maxLength: 10_000,
    description: "What solved the problem; defaults to the cited article's solution",
  })
  @ValidateIf(
    (dto: ResolveDto) => dto.knowledgeArticleId === undefined || dto.resolution !== undefined,
  )
  @IsString()
  @Matches(/\S/, { message: 'resolution must not be blank' })
  @MaxLength(10_000)
  resolution?: string;

  @ApiPropertyOptional({ example: 'kb-printer-offline' })
  @IsOptional()
  @IsString()
  @Matches(KNOWLEDGE_ARTICLE_ID, { message: 'knowledgeArticleId must look like kb-...' })
  knowledgeArticleId?: string;
}

export class InformationRequestDto {
  @ApiProperty({ maxLength: 5_000, example: 'Which printer, and what does its display show?' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(5_000)
  question!: string;
}

export class EscalateDto {
  @ApiProperty({ maxLength: 2_000, example: 'Needs a remote session on the laptop' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2_000)
  reason!: string;
}
