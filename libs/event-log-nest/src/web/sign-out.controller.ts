import { Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Request, Response } from 'express';
import { messagePage } from '@helpdesk/web-ui';
import { SessionCookie } from '../auth/session-cookie';
import { ServiceSettings } from '../service.settings';

/**
 * Every service can end the session (the cookie is shared by the services of one host or
 * domain). Signing out needs no CSRF token: a forged sign-out only costs a sign-in.
 */
@ApiExcludeController()
@Controller('sign-out')
export class SignOutController {
  constructor(
    private readonly cookie: SessionCookie,
    private readonly settings: ServiceSettings,
  ) {}

  @Post()
  @HttpCode(200)
  signOut(@Req() request: Request, @Res() response: Response): void {
    this.cookie.clear(request, response);
    response.type('html').send(
      messagePage({
        title: 'Signed out',
        message: 'You are signed out of every helpdesk dashboard.',
        link: { label: 'Sign in again', href: this.settings.SIGN_IN_URL },
      }).markup,
    );
  }
}
