import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsDefined,
  IsIn,
  IsObject,
  IsString,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { Channel, Impact, Urgency } from '@helpdesk/ticket-events';
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
