import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';

/** Article ids are slugs (`kb-printer-offline`), within the 100 characters an event allows. */
export const KNOWLEDGE_ARTICLE_ID = /^kb-[a-z0-9-]{1,96}$/;

export class CreateKnowledgeArticleDto {
  @ApiProperty({ minLength: 5, maxLength: 200 })
  @IsString()
  @MinLength(5)
  @MaxLength(200)
  title!: string;

  @ApiProperty({ minLength: 10, maxLength: 5_000, description: 'What the user sees and says' })
  @IsString()
  @MinLength(10)
  @MaxLength(5_000)
  symptoms!: string;

  @ApiProperty({ minLength: 10, maxLength: 10_000, description: 'The steps, one a line' })
  @IsString()
  @MinLength(10)
  @MaxLength(10_000)
  solution!: string;

  @ApiPropertyOptional({ type: [String], maxItems: 10, example: ['printer', 'hardware'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @IsString({ each: true })
  @Matches(/^[a-z0-9][a-z0-9-]{0,39}$/, {
    each: true,
    message: 'each tag must be lower-case letters, digits and dashes (40 at most)',
  })
  tags: string[] = [];
}

export class ArticleSearchQueryDto {
  @ApiPropertyOptional({
    maxLength: 200,
    description: 'Web-search syntax: words, "a phrase", -excluded, or',
    example: 'vpn timeout',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 50, default: 10 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(50)
  limit = 10;
}

export class SuggestionQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 20, default: 5 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(20)
  limit = 5;
}
