import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  NotFoundException,
  Param,
  Post,
  UseGuards,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { AdminTokenGuard } from '../integrators/admin-token.guard';
import { TechnicianAccount } from '../technicians/technician-account.entity';
import { TechnicianAccounts } from '../technicians/technician-accounts.service';
import { CreateTechnicianAccountDto, TechnicianAccountView } from './dto/technician-account.dto';

@ApiTags('admin')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'Missing or wrong ADMIN_API_TOKEN' })
@Controller('api/v1/admin/technicians')
@UseGuards(AdminTokenGuard)
export class AdminTechniciansController {
  constructor(private readonly accounts: TechnicianAccounts) {}

  @Post()
  @ApiOperation({ summary: 'Create a technician account (tier, supervisor role, password)' })
  @ApiCreatedResponse({ type: TechnicianAccountView })
  @ApiConflictResponse({ description: 'The id is taken' })
  async create(@Body() body: CreateTechnicianAccountDto): Promise<TechnicianAccountView> {
    return accountView(await this.accounts.create(body));
  }

  @Get()
  @ApiOperation({ summary: 'The accounts, without their password hashes' })
  @ApiOkResponse({ type: [TechnicianAccountView] })
  async list(): Promise<TechnicianAccountView[]> {
    return (await this.accounts.list()).map(accountView);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Disable an account: it can no longer sign in' })
  @ApiNoContentResponse()
  async disable(@Param('id') id: string): Promise<void> {
    if (!(await this.accounts.disable(id))) throw new NotFoundException(`no technician ${id}`);
  }
}

function accountView(account: TechnicianAccount): TechnicianAccountView {
  return {
    id: account.id,
    name: account.name,
    level: account.level,
    supervisor: account.supervisor,
    createdAt: account.createdAt.toISOString(),
    disabledAt: account.disabledAt?.toISOString() ?? null,
  };
}
