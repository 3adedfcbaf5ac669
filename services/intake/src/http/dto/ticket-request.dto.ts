import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsDefined,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import {
  Channel,
  Impact,
  MAX_PHONE_NUMBER_LENGTH,
  PHONE_NUMBER_PATTERN,
  PHONE_NUMBER_RULE,
  Urgency,
} from '@helpdesk/ticket-events';
import { IsEmailAddress, RequiredText } from './text.validators';

const LEVELS = ['low', 'medium', 'high'] as const;
const CHANNELS = ['api', 'portal', 'email', 'phone'] as const;

export class RequesterDto {
  @ApiProperty({ example: 'Ada Lovelace', maxLength: 200 })
  @RequiredText(200)
  name!: string;

  @ApiProperty({ example: 'ada@example.com', maxLength: 320 })
  @IsEmailAddress()
  @MaxLength(320)
  email!: string;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: '+44 20 7946 0958',
    maxLength: MAX_PHONE_NUMBER_LENGTH,
    pattern: PHONE_NUMBER_PATTERN.source,
    description: `A number to call the requester back on (${PHONE_NUMBER_RULE}); absent or null when there is none`,
  })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @MaxLength(MAX_PHONE_NUMBER_LENGTH)
  @Matches(PHONE_NUMBER_PATTERN, {
    message: `$property must be a phone number: ${PHONE_NUMBER_RULE}`,
  })
  phone?: string | null;
}

/** The fields of a request, whichever desk takes it. */
export class TicketFieldsDto {
  @ApiProperty({ type: RequesterDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => RequesterDto)
  requester!: RequesterDto;

  @ApiProperty({
    example: 'network-vpn',
    description: 'A category id of the contact guide (GET /api/v1/contact-guide)',
    maxLength: 50,
  })
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9-]{0,49}$/, {
    message: 'category must be a category id of the contact guide (GET /api/v1/contact-guide)',
  })
  category!: string;

  @ApiProperty({ example: 'VPN disconnects every few minutes', maxLength: 200 })
  @RequiredText(200)
  summary!: string;

  @ApiProperty({
    example: 'Since this morning the VPN client drops the connection every five minutes.',
    maxLength: 10_000,
  })
  @RequiredText(10_000)
  description!: string;

  @ApiProperty({ enum: LEVELS, description: 'How many people or how much of the business' })
  @IsIn(LEVELS)
  impact!: Impact;

  @ApiProperty({ enum: LEVELS, description: 'How soon it hurts' })
  @IsIn(LEVELS)
  urgency!: Urgency;
}

/** POST /api/v1/tickets. */
export class CreateTicketDto extends TicketFieldsDto {
  @ApiProperty({ enum: CHANNELS, description: 'How the requester reached the integrator' })
  @IsIn(CHANNELS)
  channel!: Channel;
}

/** POST /api/v1/phone-calls: the call is the channel. */
export class PhoneCallDto extends TicketFieldsDto {}
