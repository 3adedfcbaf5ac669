import {
  ArgumentMetadata,
  BadRequestException,
  Injectable,
  PipeTransform,
  Type,
} from '@nestjs/common';
import { isEmail, maxLength } from 'class-validator';
import { z } from 'zod';
import {
  MAX_PHONE_NUMBER_LENGTH,
  PHONE_NUMBER_PATTERN,
  PHONE_NUMBER_RULE,
} from '@helpdesk/ticket-events';
import { CreateTicketDto, isStorableText } from './product-edge';

const LEVELS = ['low', 'medium', 'high'] as const;
const CHANNELS = ['api', 'portal', 'email', 'phone'] as const;

/** The messages name the field the way class-validator does: `<path> <what is wrong>`. */
const longest = (max: number) => ({
  error: `must be shorter than or equal to ${max} characters`,
});

/** class-validator's MaxLength: validator.js's length, which counts a surrogate pair once. */
const shortEnough = (max: number) => (value: string) => maxLength(value, max);

const requiredText = (max: number) =>
  z
    .string({ error: 'must be a string' })
    .trim()
    // Not .min(1): zod 4 runs length checks on an array that failed the type check.
    .refine((text) => text !== '', { error: 'should not be empty' })
    .refine(shortEnough(max), longest(max))
    .refine(isStorableText, { error: 'must not contain NUL characters or unpaired surrogates' });

const oneOf = <const Values extends readonly [string, ...string[]]>(values: Values) =>
  z.enum(values, { error: `must be one of the following values: ${values.join(', ')}` });

const objectError = (issue: { input?: unknown }) =>
  issue.input === undefined || issue.input === null
    ? 'should not be null or undefined'
    : 'must be an object';

/**
 * Keys the product drops without a word rather than refusing them (intake's hostile-input
 * oracle pins it): ValidationPipe deletes `__proto__`, `constructor` and `prototype`, and
 * class-transformer does not copy a key naming a method every object inherits (`toString`).
 */
function isSilentlyDropped(key: string): boolean {
  return (
    key === '__proto__' ||
    key === 'constructor' ||
    key === 'prototype' ||
    typeof (Object.prototype as Record<string, unknown>)[key] === 'function'
  );
}

/** A strict object that drops those keys first, as the product does. */
const strictAsTheDto = <Shape extends z.core.$ZodLooseShape>(shape: Shape) =>
  z.preprocess(
    (value) =>
      value !== null &&
      typeof value === 'object' &&
      !Array.isArray(value) &&
      Object.keys(value).some(isSilentlyDropped)
        ? Object.fromEntries(Object.entries(value).filter(([key]) => !isSilentlyDropped(key)))
        : value,
    z.strictObject(shape, { error: objectError }),
  );

/**
 * CreateTicketDto as a zod 4 schema, with the DTO's semantics: strings trimmed before they are
 * checked, lengths as class-validator counts them, unknown fields refused at every level
 * (forbidNonWhitelisted) but for the ones the product drops, the same email check
 * (validator.js's isEmail, which class-validator uses), the same phone pattern.
 */
export const CreateTicketSchema = strictAsTheDto({
  requester: strictAsTheDto({
    name: requiredText(200),
    email: z
      .string({ error: 'must be an email' })
      .refine((value) => isStorableText(value) && isEmail(value), { error: 'must be an email' })
      .refine(shortEnough(320), longest(320)),
    phone: z
      .string({ error: 'must be a string' })
      .trim()
      .refine(shortEnough(MAX_PHONE_NUMBER_LENGTH), longest(MAX_PHONE_NUMBER_LENGTH))
      .regex(PHONE_NUMBER_PATTERN, { error: `must be a phone number: ${PHONE_NUMBER_RULE}` })
      .nullish(),
  }),
  category: z.string({ error: 'must be a string' }).regex(/^[a-z0-9][a-z0-9-]{0,49}$/, {
    error: 'must be a category id of the contact guide (GET /api/v1/contact-guide)',
  }),
  summary: requiredText(200),
  description: requiredText(10_000),
  impact: oneOf(LEVELS),
  urgency: oneOf(LEVELS),
  channel: oneOf(CHANNELS),
});

/** class-validator's flat messages from zod's issues: `requester.email must be an email`. */
export function messagesOf(issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.flatMap((issue) => {
    const path = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      const prefix = path === '' ? '' : `${path}.`;
      return issue.keys.map((key) => `${prefix}property ${key} should not exist`);
    }
    return [path === '' ? issue.message : `${path} ${issue.message}`];
  });
}

/**
 * The global pipe of the zod variants, in ValidationPipe's place: a body whose parameter type
 * has a schema is parsed by it (400 with the messages if it fails); other parameters pass.
 */
@Injectable()
export class ZodBodyPipe implements PipeTransform {
  constructor(
    private readonly schemas: ReadonlyMap<Type<unknown>, z.ZodType> = new Map<
      Type<unknown>,
      z.ZodType
    >([[CreateTicketDto, CreateTicketSchema]]),
  ) {}

  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type !== 'body' || metadata.metatype === undefined) return value;
    const schema = this.schemas.get(metadata.metatype);
    if (schema === undefined) {
      throw new Error(`no schema for the body type ${metadata.metatype.name}`);
    }
    const parsed = schema.safeParse(value);
    if (!parsed.success) throw new BadRequestException(messagesOf(parsed.error.issues));
    return parsed.data;
  }
}
