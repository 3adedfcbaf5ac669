import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { IntakeSettings } from '../intake.settings';
import { ContactGuideService } from './contact-guide.service';

/** Settings that are valid but leave part of intake unusable: said once, at start. */
@Injectable()
export class IntakeStartupChecks implements OnApplicationBootstrap {
  private readonly logger = new Logger('Intake');

  constructor(
    private readonly settings: IntakeSettings,
    private readonly guide: ContactGuideService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.settings.ADMIN_API_TOKEN) {
      this.logger.warn(
        'ADMIN_API_TOKEN is not set: integrator keys, the contact guide admin and inbound email refuse every call',
      );
    }
    const category = this.settings.EMAIL_DEFAULT_CATEGORY;
    if (!(await this.guide.exists(category))) {
      this.logger.error(
        `EMAIL_DEFAULT_CATEGORY "${category}" is not a category of the contact guide: inbound email answers 503 until it is`,
      );
    }
  }
}
