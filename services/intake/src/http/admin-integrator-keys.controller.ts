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
  UseGuards,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { AdminTokenGuard } from '../integrators/admin-token.guard';
import { IntegratorKey } from '../integrators/integrator-key.entity';
import { IntegratorKeysService } from '../integrators/integrator-keys.service';
import { CreateIntegratorKeyDto } from './dto/admin.dto';
import { IntegratorKeyView, NewIntegratorKeyView } from './dto/views';

@ApiTags('admin')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'Missing or wrong ADMIN_API_TOKEN' })
@Controller('api/v1/admin/integrator-keys')
@UseGuards(AdminTokenGuard)
export class AdminIntegratorKeysController {
  constructor(private readonly keys: IntegratorKeysService) {}

  @Post()
  @ApiOperation({ summary: 'Issue a key; the key itself is in this answer only' })
  @ApiCreatedResponse({ type: NewIntegratorKeyView })
  async create(@Body() body: CreateIntegratorKeyDto): Promise<NewIntegratorKeyView> {
    const { integratorKey, key } = await this.keys.create(body.name);
    return { ...keyView(integratorKey), key };
  }

  @Get()
  @ApiOperation({ summary: 'The keys, without their secrets' })
  @ApiOkResponse({ type: [IntegratorKeyView] })
  async list(): Promise<IntegratorKeyView[]> {
    return (await this.keys.list()).map(keyView);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke a key: it stops working at once' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse()
  async revoke(
    @Param(
      'id',
      new ParseUUIDPipe({ exceptionFactory: () => new NotFoundException('key not found') }),
    )
    id: string,
  ): Promise<void> {
    await this.keys.revoke(id);
  }
}

function keyView(key: IntegratorKey): IntegratorKeyView {
  return {
    id: key.id,
    name: key.name,
    prefix: key.prefix,
    createdAt: key.createdAt.toISOString(),
    revokedAt: key.revokedAt?.toISOString() ?? null,
  };
}
