import { Transform } from 'class-transformer';
import {
  IsInt,
  IsOptional,
  Max,
  Min,
  ValidationArguments,
  registerDecorator,
} from 'class-validator';
import { parseBusinessCalendar, parseServiceLevelPolicy } from '@helpdesk/service-levels';

/** A JSON setting is valid when `parse` accepts it; its message names the wrong field. */
function IsReadBy(parse: (json: string) => unknown): PropertyDecorator {
  const problemOf = (value: unknown): string | undefined => {
    try {
      parse(String(value));
      return undefined;
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
  };
  return (target, propertyName) =>
    registerDecorator({
      name: 'isReadBy',
      target: target.constructor,
      propertyName: String(propertyName),
      validator: {
        validate: (value: unknown) => problemOf(value) === undefined,
        defaultMessage: (validation?: ValidationArguments) =>
          problemOf(validation?.value) ?? `${String(propertyName)} is invalid`,
      },
    });
}

/** Service levels: the policy, the business calendar, how often the timers are checked. */
export class ServiceLevelSettings {
  /** JSON laid over the default policy (ITIL-like targets per priority and level). */
  @IsOptional()
  @IsReadBy(parseServiceLevelPolicy)
  SLA_POLICY?: string;

  /** JSON: `timeZone`, `hours` per weekday, `holidays` (default: Mon-Fri 08:00-18:00 UTC). */
  @IsOptional()
  @IsReadBy(parseBusinessCalendar)
  SLA_CALENDAR?: string;

  /** How often the tier looks for warnings and breaches that have fallen due. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(100)
  @Max(3_600_000)
  SLA_CHECK_INTERVAL_MS = 30_000;
}
