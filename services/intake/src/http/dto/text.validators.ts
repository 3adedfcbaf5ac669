import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import {
  IsNotEmpty,
  IsString,
  MaxLength,
  ValidateBy,
  ValidationOptions,
  buildMessage,
  isEmail,
} from 'class-validator';
import { isStorableText } from '../../domain/storable-text';

/** Text that PostgreSQL and the event log can hold: no NUL, no unpaired surrogate. */
export function IsStorableText(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isStorableText',
      validator: {
        validate: (value: unknown) => typeof value !== 'string' || isStorableText(value),
        defaultMessage: buildMessage(
          (each) => `${each}$property must not contain NUL characters or unpaired surrogates`,
        ),
      },
    },
    options,
  );
}

/**
 * An email address, like class-validator's IsEmail, but never a 500: validator.js's isEmail
 * percent-encodes the address to measure it, and encodeURI throws on an unpaired surrogate.
 */
export function IsEmailAddress(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isEmail',
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' && isStorableText(value) && isEmail(value),
        defaultMessage: buildMessage((each) => `${each}$property must be an email`),
      },
    },
    options,
  );
}

/** A required string, trimmed, 1..max characters, storable. */
export function RequiredText(max: number): PropertyDecorator {
  return applyDecorators(
    Transform(({ value }: { value: unknown }) =>
      typeof value === 'string' ? value.trim() : value,
    ),
    IsString(),
    IsNotEmpty(),
    MaxLength(max),
    IsStorableText(),
  );
}
