import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  IsUrl,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { IsStorableText } from '../../http/dto/text.validators';
import { WEBHOOK_EVENT_TYPES, WebhookEventType } from '../domain/webhook-event';

export class RegisterWebhookDto {
  @ApiProperty({ format: 'uuid', description: 'The integrator key whose tickets are delivered' })
  @IsUUID(undefined, { message: 'integratorKeyId must be the id of an integrator key (a UUID)' })
  integratorKeyId!: string;

  @ApiProperty({ example: 'https://erp.example.com/helpdesk/events', maxLength: 2_000 })
  @IsString()
  @MaxLength(2_000)
  @IsStorableText()
  @IsUrl(
    {
      protocols: ['http', 'https'],
      require_protocol: true,
      require_tld: false,
      disallow_auth: true,
    },
    { message: 'url must be an http:// or https:// URL without credentials' },
  )
  url!: string;

  @ApiProperty({ enum: WEBHOOK_EVENT_TYPES, isArray: true, example: ['TicketResolved'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(WEBHOOK_EVENT_TYPES.length)
  @IsIn(WEBHOOK_EVENT_TYPES, {
    each: true,
    message: `each value in events must be one of ${WEBHOOK_EVENT_TYPES.join(', ')}`,
  })
  events!: WebhookEventType[];
}

export class DeliveriesQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}

export class WebhookView {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  integratorKeyId!: string;

  @ApiProperty()
  url!: string;

  @ApiProperty({ enum: WEBHOOK_EVENT_TYPES, isArray: true })
  events!: string[];

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ format: 'date-time', nullable: true })
  removedAt!: string | null;
}

export class NewWebhookView extends WebhookView {
  @ApiProperty({
    description:
      'Signs every delivery (X-Helpdesk-Signature); shown in this answer only. See docs/notifications.md.',
    example: 'whsec_…',
  })
  secret!: string;
}

export class DeliveryAttemptView {
  @ApiProperty({ example: 1 })
  attempt!: number;

  @ApiProperty({ format: 'date-time' })
  attemptedAt!: string;

  @ApiProperty({ example: 120 })
  durationMs!: number;

  @ApiProperty({ enum: ['delivered', 'failed'] })
  outcome!: string;

  @ApiProperty({ nullable: true, example: 500, description: "The receiver's HTTP status" })
  statusCode!: number | null;

  @ApiProperty({ nullable: true, example: 'HTTP 500' })
  error!: string | null;
}

export class DeliveryView {
  @ApiProperty({ format: 'uuid', description: 'X-Helpdesk-Delivery' })
  id!: string;

  @ApiProperty({ format: 'uuid', description: 'The event (`id` in the body)' })
  eventId!: string;

  @ApiProperty({ example: 'TicketResolved' })
  type!: string;

  @ApiProperty({ format: 'uuid' })
  ticketId!: string;

  @ApiProperty({ enum: ['pending', 'delivered', 'failed'] })
  status!: string;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ format: 'date-time', nullable: true, description: 'While pending' })
  nextAttemptAt!: string | null;

  @ApiProperty({ format: 'date-time', nullable: true })
  deliveredAt!: string | null;

  @ApiProperty({ type: [DeliveryAttemptView] })
  attempts!: DeliveryAttemptView[];
}

export class DeliveryLogView {
  @ApiProperty({ type: WebhookView })
  webhook!: WebhookView;

  @ApiProperty({ type: [DeliveryView], description: 'Newest first' })
  deliveries!: DeliveryView[];
}
