import { Body, Controller, Get, HttpStatus, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { plainToInstance } from 'class-transformer';
import { IsOptional, IsString, MaxLength, MinLength, validateSync } from 'class-validator';
import { Request, Response } from 'express';
import { randomBytes } from 'node:crypto';
import {
  CsrfTokens,
  ServiceSettings,
  SessionCookie,
  TechnicianTokens,
  dashboardUrl,
} from '@helpdesk/event-log-nest';
import { SIGN_IN_LIMITS, SignInThrottle } from '../technicians/sign-in-throttle';
import { TechnicianAccounts } from '../technicians/technician-accounts.service';
import { signInPage } from './pages/sign-in.page';

const SESSION_SECONDS = 8 * 3600;
/** The sign-in form's own CSRF cookie (there is no session yet to bind its token to). */
const FORM_COOKIE = 'helpdesk_sign_in';

class SignInForm {
  @IsString()
  @MinLength(1, { message: 'username is required' })
  @MaxLength(100)
  username!: string;

  @IsString()
  @MinLength(1, { message: 'password is required' })
  @MaxLength(200)
  password!: string;

  @IsOptional()
  @IsString()
  @MaxLength(2000)
  next?: string;

  @IsOptional()
  @IsString()
  _csrf?: string;
}

/**
 * Technicians sign in here once for every tier: the session is a signed token in an HttpOnly
 * cookie that each tier service verifies with the shared AUTH_SECRET.
 */
@ApiExcludeController()
@Controller('sign-in')
export class SignInController {
  constructor(
    private readonly accounts: TechnicianAccounts,
    private readonly throttle: SignInThrottle,
    private readonly tokens: TechnicianTokens,
    private readonly cookie: SessionCookie,
    private readonly csrf: CsrfTokens,
    private readonly settings: ServiceSettings,
  ) {}

  @Get()
  form(@Query('next') next: unknown, @Req() request: Request, @Res() response: Response): void {
    this.render(request, response, HttpStatus.OK, {
      next: typeof next === 'string' ? this.safeNext(next) : undefined,
    });
  }

  @Post()
  async signIn(
    @Body() body: Record<string, unknown>,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const form = plainToInstance(SignInForm, body);
    const next = typeof form.next === 'string' ? this.safeNext(form.next) : undefined;
    const username = typeof form.username === 'string' ? form.username.slice(0, 100) : undefined;
    const nonce = this.formNonce(request);
    if (!nonce || !this.csrf.matches(nonce, form._csrf)) {
      return this.render(request, response, HttpStatus.FORBIDDEN, {
        next,
        username,
        error: 'The sign-in form had expired. Please try again.',
      });
    }
    const problems = validateSync(form, { forbidUnknownValues: true });
    if (problems.length > 0) {
      const messages = problems.flatMap((problem) => Object.values(problem.constraints ?? {}));
      return this.render(request, response, HttpStatus.BAD_REQUEST, {
        next,
        username,
        error: messages.join('; '),
      });
    }

    const limits = {
      [`account:${form.username.toLowerCase()}`]: SIGN_IN_LIMITS.account,
      [`address:${request.ip ?? 'unknown'}`]: SIGN_IN_LIMITS.address,
    };
    const wait = await this.throttle.retryAfter(limits);
    if (wait > 0) {
      response.setHeader('Retry-After', String(wait));
      return this.render(request, response, HttpStatus.TOO_MANY_REQUESTS, {
        next,
        username,
        error: `Too many failed sign-ins. Try again in ${Math.ceil(wait / 60)} min.`,
      });
    }
    const technician = await this.accounts.authenticate(form.username, form.password);
    if (!technician) {
      await this.throttle.recordFailure(limits);
      return this.render(request, response, HttpStatus.UNAUTHORIZED, {
        next,
        username,
        error: 'Wrong username or password.',
      });
    }
    await this.throttle.clear(`account:${form.username.toLowerCase()}`);
    this.cookie.write(
      request,
      response,
      await this.tokens.issue(technician, SESSION_SECONDS),
      SESSION_SECONDS,
    );
    response.clearCookie(FORM_COOKIE, { path: '/sign-in' });
    response.redirect(303, next ?? dashboardUrl(this.settings, technician.level));
  }

  private render(
    request: Request,
    response: Response,
    status: number,
    options: { next?: string; username?: string; error?: string },
  ): void {
    const nonce = this.formNonce(request) ?? randomBytes(24).toString('base64url');
    response.cookie(FORM_COOKIE, nonce, {
      httpOnly: true,
      sameSite: 'strict',
      secure: request.secure,
      path: '/sign-in',
    });
    response
      .status(status)
      .type('html')
      .send(signInPage({ ...options, csrfToken: this.csrf.for(nonce) }).markup);
  }

  private formNonce(request: Request): string | undefined {
    const value: unknown = (request.cookies as Record<string, unknown> | undefined)?.[FORM_COOKIE];
    return typeof value === 'string' && /^[\w-]{32}$/.test(value) ? value : undefined;
  }

  /** Only back to one of the product's dashboards: never an open redirect. */
  private safeNext(next: string): string | undefined {
    const dashboards = [
      this.settings.L1_DASHBOARD_URL,
      this.settings.L2_DASHBOARD_URL,
      this.settings.L3_DASHBOARD_URL,
    ].map((url) => new URL(url));
    try {
      const url = new URL(next);
      const allowed = dashboards.some(
        (dashboard) =>
          url.origin === dashboard.origin && url.pathname.startsWith(dashboard.pathname),
      );
      return allowed ? url.toString() : undefined;
    } catch {
      return undefined;
    }
  }
}
