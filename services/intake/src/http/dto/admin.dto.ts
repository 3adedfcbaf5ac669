import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  MaxLength,
  Max,
  Min,
} from 'class-validator';
import { IsStorableText, RequiredText } from './text.validators';

export class CreateIntegratorKeyDto {
  @ApiProperty({ example: 'Customer portal', maxLength: 100 })
  @RequiredText(100)
  name!: string;
}

const trimEach = ({ value }: { value: unknown }) =>
  Array.isArray(value)
    ? value.map((item: unknown) => (typeof item === 'string' ? item.trim() : item))
    : value;

export class ContactGuideCategoryDto {
  @ApiProperty({ example: 'Network & VPN', maxLength: 100 })
  @RequiredText(100)
  name!: string;

  @ApiProperty({ example: 'No connection, Wi-Fi, VPN from home.', maxLength: 1_000 })
  @IsString()
  @MaxLength(1_000)
  @IsStorableText()
  description!: string;

  @ApiProperty({
    type: [String],
    minItems: 1,
    maxItems: 10,
    example: ['Where are you: office, home, travelling?', 'What does the VPN client say?'],
  })
  @Transform(trimEach)
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(500, { each: true })
  @IsStorableText({ each: true })
  questions!: string[];

  @ApiProperty({ type: [String], maxItems: 10, example: ["Your computer's name"] })
  @Transform(trimEach)
  @IsArray()
  @ArrayMaxSize(10)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(500, { each: true })
  @IsStorableText({ each: true })
  haveAtHand!: string[];

  @ApiPropertyOptional({ description: 'Order in the guide, ascending; new ones go last' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100_000)
  position?: number;
}
