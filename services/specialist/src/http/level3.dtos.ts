import { ApiProperty } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsNotEmpty,
  IsString,
  Matches,
  MaxLength,
} from 'class-validator';
import { TierQueueQuery } from '@helpdesk/tier-desk';

/** A domain as level 2 qualifies it: lower case, digits and dashes, at most 100 characters. */
const DOMAIN = /^[a-z0-9][a-z0-9-]{0,99}$/;
const DOMAIN_MESSAGE = 'domain must be lower case letters, digits and dashes (at most 100)';

export class DomainParams {
  @ApiProperty({ example: 'network' })
  @Matches(DOMAIN, { message: DOMAIN_MESSAGE })
  domain!: string;
}

/** A domain queue's filters and page. */
export class DomainQueueQuery extends TierQueueQuery {}

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
