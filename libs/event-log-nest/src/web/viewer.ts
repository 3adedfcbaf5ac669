import { ExecutionContext, UnauthorizedException, createParamDecorator } from '@nestjs/common';
import { Request, Response } from 'express';
import { SUPPORT_LEVELS, SupportLevel } from '@helpdesk/ticket-events';
import { Flash, NavLink, SignedInUser } from '@helpdesk/web-ui';
import { CsrfTokens } from '../auth/csrf-tokens';
import { Technician } from '../auth/technician';
import { WithTechnician } from '../auth/technician.guard';
import { ServiceSettings, dashboardUrl } from '../service.settings';
import { takeFlash } from './flash';

export const LEVEL_NAMES: Record<SupportLevel, string> = {
  L1: 'Level 1',
  L2: 'Level 2',
  L3: 'Level 3',
};

/** What a dashboard page needs of the technician looking at it. */
export interface Viewer {
  technician: Technician;
  user: SignedInUser;
  /** For every form of the page. */
  csrfToken: string;
  flash?: Flash;
  /** The tier dashboards this technician may open (a supervisor: all three). */
  dashboards: NavLink[];
}

export function viewerOf(
  request: WithTechnician,
  response: Response,
  settings: ServiceSettings,
  csrf: CsrfTokens,
  currentLevel: SupportLevel | null,
): Viewer {
  const { technician, sessionToken } = request;
  if (!technician || !sessionToken) throw new UnauthorizedException('sign in as a technician');
  const levels = technician.supervisor ? SUPPORT_LEVELS : [technician.level];
  return {
    technician,
    user: {
      name: technician.name,
      role: technician.supervisor ? 'Supervisor' : `${LEVEL_NAMES[technician.level]} technician`,
      signOutAction: '/sign-out',
    },
    csrfToken: csrf.for(sessionToken),
    flash: takeFlash(request as Request, response),
    dashboards: levels.map((level) => ({
      label: LEVEL_NAMES[level],
      href: dashboardUrl(settings, level),
      current: level === currentLevel,
    })),
  };
}

/**
 * The signed-in technician as a page sees them (set by @DashboardPage's guard): name and role
 * for the top bar, the CSRF token for its forms, the flash message left for it.
 */
export const CurrentViewer = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Viewer => {
    const viewer = context.switchToHttp().getRequest<WithViewer>().viewer;
    if (!viewer) throw new UnauthorizedException('sign in as a technician');
    return viewer;
  },
);

export type WithViewer = WithTechnician & { viewer?: Viewer };
