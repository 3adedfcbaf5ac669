import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  NotFoundException,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  UseGuards,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { AdminTokenGuard } from '../../integrators/admin-token.guard';
import { Delivery, WebhooksService } from '../application/webhooks.service';
import { Webhook } from '../application/webhook.entity';
import {
  DeliveriesQueryDto,
  DeliveryLogView,
  DeliveryView,
  NewWebhookView,
  RegisterWebhookDto,
  WebhookView,
} from './webhook.dto';

const webhookId = new ParseUUIDPipe({
  exceptionFactory: () => new NotFoundException('webhook not found'),
});

/**
 * Webhooks are registered by an admin for an integrator key, not by the integrator itself: a
 * webhook makes intake call out to any URL from inside the network, so the destination is
 * vetted by whoever also issues the keys (an integrator key alone must not be enough to point
 * intake at an internal address).
 */
@ApiTags('admin')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'Missing or wrong ADMIN_API_TOKEN' })
@Controller('api/v1/admin/webhooks')
@UseGuards(AdminTokenGuard)
export class AdminWebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Post()
  @ApiOperation({
    summary:
      "Register a webhook for an integrator key's tickets; the secret is in this answer only",
  })
  @ApiCreatedResponse({ type: NewWebhookView })
  @ApiBadRequestResponse({ description: 'Names the field that is wrong' })
  async register(@Body() body: RegisterWebhookDto): Promise<NewWebhookView> {
    const { webhook, secret } = await this.webhooks.register(body);
    return { ...webhookView(webhook), secret };
  }

  @Get()
  @ApiOperation({ summary: 'The webhooks, without their secrets' })
  @ApiOkResponse({ type: [WebhookView] })
  async list(): Promise<WebhookView[]> {
    return (await this.webhooks.list()).map(webhookView);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a webhook: nothing more is delivered to it; its log stays' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse()
  async remove(@Param('id', webhookId) id: string): Promise<void> {
    await this.webhooks.remove(id);
  }

  @Get(':id/deliveries')
  @ApiOperation({ summary: 'The delivery log: each delivery with its attempts, newest first' })
  @ApiOkResponse({ type: DeliveryLogView })
  @ApiNotFoundResponse()
  async deliveries(
    @Param('id', webhookId) id: string,
    @Query() query: DeliveriesQueryDto,
  ): Promise<DeliveryLogView> {
    const { webhook, deliveries } = await this.webhooks.deliveries(id, query.limit ?? 50);
    return { webhook: webhookView(webhook), deliveries: deliveries.map(deliveryView) };
  }
}

function webhookView(webhook: Webhook): WebhookView {
  return {
    id: webhook.id,
    integratorKeyId: webhook.integratorKeyId,
    url: webhook.url,
    events: webhook.eventTypes,
    createdAt: webhook.createdAt.toISOString(),
    removedAt: webhook.removedAt?.toISOString() ?? null,
  };
}

function deliveryView({ notification, attempts }: Delivery): DeliveryView {
  return {
    id: notification.id,
    eventId: notification.eventId,
    type: notification.eventType,
    ticketId: notification.ticketId,
    status: notification.status,
    createdAt: notification.createdAt.toISOString(),
    nextAttemptAt:
      notification.status === 'pending' ? notification.nextAttemptAt.toISOString() : null,
    deliveredAt: notification.deliveredAt?.toISOString() ?? null,
    attempts: attempts.map((attempt) => ({
      attempt: attempt.attempt,
      attemptedAt: attempt.attemptedAt.toISOString(),
      durationMs: attempt.durationMs,
      outcome: attempt.outcome,
      statusCode: attempt.statusCode,
      error: attempt.error,
    })),
  };
}
