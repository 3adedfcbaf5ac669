import { Transform } from 'class-transformer';
import { IsOptional, Matches } from 'class-validator';
import { TierDashboardQuery, blankAsUndefined } from '@helpdesk/tier-desk';

/** The level 3 queue's query string: the shared filters, and the domain queue to show. */
export class Level3DashboardQuery extends TierDashboardQuery {
  @IsOptional()
  @Transform(blankAsUndefined)
  @Matches(/^[a-z0-9][a-z0-9-]{0,99}$/, {
    message: 'domain must be lower case letters, digits and dashes (at most 100)',
  })
  domain?: string;
}
