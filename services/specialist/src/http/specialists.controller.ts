import { Body, Controller, ForbiddenException, Get, Post, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { CurrentTechnician, Technician, TechnicianGuard } from '@helpdesk/event-log-nest';
import { SpecialistDirectory } from '../application/specialist-directory';
import { SpecialistView } from '../read-model/level3.views';
import { RegisterSpecialistDto } from './level3.dtos';

@ApiTags('level 3 specialists')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'no valid technician token' })
@ApiForbiddenResponse({ description: 'not a level 3 technician nor a supervisor' })
@UseGuards(TechnicianGuard)
@Controller('api/v1/specialists')
export class SpecialistsController {
  constructor(private readonly directory: SpecialistDirectory) {}

  @Post()
  @ApiCreatedResponse({ type: SpecialistView })
  @ApiForbiddenResponse({ description: 'only supervisors register specialists' })
  @ApiConflictResponse({ description: 'a specialist with this id is already registered' })
  register(
    @Body() body: RegisterSpecialistDto,
    @CurrentTechnician() technician: Technician,
  ): Promise<SpecialistView> {
    if (!technician.supervisor)
      throw new ForbiddenException('only supervisors register specialists');
    return this.directory.register({ id: body.id, name: body.name, domains: body.domains });
  }

  @Get()
  @ApiOkResponse({ type: [SpecialistView] })
  list(): Promise<SpecialistView[]> {
    return this.directory.list();
  }
}
