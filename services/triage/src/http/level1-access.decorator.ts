import { UseGuards, applyDecorators } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { TechnicianGuard } from '@helpdesk/event-log-nest';

/** Level-1 technicians and supervisors, with a session token. */
export function Level1Access(): ClassDecorator {
  return applyDecorators(
    UseGuards(TechnicianGuard),
    ApiBearerAuth(),
    ApiUnauthorizedResponse({ description: 'No valid technician token' }),
    ApiForbiddenResponse({ description: 'A technician of another level (supervisors pass)' }),
  );
}
