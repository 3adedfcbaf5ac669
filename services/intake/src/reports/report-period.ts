import { BadRequestException } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsOptional,
  ValidateBy,
  ValidationOptions,
  buildMessage,
  isISO8601,
} from 'class-validator';
import { ReportPeriod } from './reports.queries';

const DAY_MS = 24 * 60 * 60 * 1000;
export const DEFAULT_PERIOD_DAYS = 30;

const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** A date, or a date-time with its offset: a time without one would depend on the server. */
const DATE_OR_DATE_TIME =
  /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2}))?$/;

/** A day that exists (no 30 February), alone or with a time and its offset. */
function IsReportDate(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isReportDate',
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' &&
          DATE_OR_DATE_TIME.test(value) &&
          isISO8601(value, { strict: true }),
        defaultMessage: buildMessage(
          () =>
            '$property must be a date (2026-11-01) or a date-time with its offset (2026-11-01T08:00:00Z)',
        ),
      },
    },
    options,
  );
}

/** The period of a report, as the API and the page take it in their query string. */
export class ReportQueryDto {
  @ApiPropertyOptional({
    description: `Start of the period, included. A date alone means its first moment (UTC). Default: ${DEFAULT_PERIOD_DAYS} days before \`to\`.`,
    example: '2026-11-01',
  })
  @IsOptional()
  @IsReportDate()
  from?: string;

  @ApiPropertyOptional({
    description:
      'End of the period, excluded. A date alone means the end of that day (UTC), so that ' +
      '`from=2026-11-01&to=2026-11-30` is November. Default: now.',
    example: '2026-11-30',
  })
  @IsOptional()
  @IsReportDate()
  to?: string;
}

/** The period a validated query asks for; a 400 naming `from` when it does not end after it starts. */
export function reportPeriod(query: ReportQueryDto, now: Date): ReportPeriod {
  const to = query.to
    ? new Date(new Date(query.to).getTime() + (DATE.test(query.to) ? DAY_MS : 0))
    : now;
  const from = query.from
    ? new Date(query.from)
    : new Date(to.getTime() - DEFAULT_PERIOD_DAYS * DAY_MS);
  if (from.getTime() >= to.getTime()) {
    throw new BadRequestException(['from must be before to']);
  }
  return { from, to };
}
