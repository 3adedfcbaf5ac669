import { isEmail } from 'class-validator';
import {
  Impact,
  MAX_PHONE_NUMBER_LENGTH,
  PHONE_NUMBER_PATTERN,
  Urgency,
} from '@helpdesk/ticket-events';
import { isStorableText } from '../domain/storable-text';
import { TicketRequest } from '../domain/ticket-request';

/** A choice of a plain-language select, and the domain value it stands for. */
export interface PlainChoice<Value> {
  readonly value: string;
  readonly label: string;
  readonly means: Value;
}

/** "Who is affected?": the ITIL impact, in the words of the person affected. */
export const IMPACT_CHOICES: readonly PlainChoice<Impact>[] = [
  { value: 'me', label: 'Just me', means: 'low' },
  { value: 'team', label: 'My team or several colleagues', means: 'medium' },
  { value: 'department', label: 'A whole department, a site or customers', means: 'high' },
];

/** "How urgent is it?": the ITIL urgency, by what the problem stops. */
export const URGENCY_CHOICES: readonly PlainChoice<Urgency>[] = [
  { value: 'later', label: 'It can wait a few days', means: 'low' },
  { value: 'soon', label: 'It slows my work down', means: 'medium' },
  { value: 'now', label: 'I cannot work at all', means: 'high' },
];

export const LIMITS = {
  name: 200,
  email: 320,
  phone: MAX_PHONE_NUMBER_LENGTH,
  summary: 200,
  answer: 2_000,
  details: 5_000,
  /** TicketSubmitted's description, which the answers and the details make up together. */
  description: 10_000,
} as const;

/** A contact-guide category as the form needs it. */
export interface GuideCategory {
  readonly id: string;
  readonly name: string;
  readonly questions: readonly string[];
}

/** What the requester typed, as strings, kept to re-render the form. */
export interface NewTicketValues {
  name: string;
  email: string;
  /** Optional: empty when the requester left no number to call back. */
  phone: string;
  summary: string;
  /** One per guiding question, in the guide's order. */
  answers: string[];
  details: string;
  impact: string;
  urgency: string;
}

/** A problem with one field: `field` is the form field's name, `message` names it for a person. */
export interface FieldError {
  readonly field: string;
  readonly message: string;
}

export type NewTicketReading =
  | { readonly ok: true; readonly values: NewTicketValues; readonly request: TicketRequest }
  | { readonly ok: false; readonly values: NewTicketValues; readonly errors: FieldError[] };

/** The form field of the answer to the guide's question number `index` (from 0). */
export function answerField(index: number): string {
  return `answer-${index + 1}`;
}

/** The empty form of a category. */
export function emptyValues(category: GuideCategory): NewTicketValues {
  return {
    name: '',
    email: '',
    phone: '',
    summary: '',
    answers: category.questions.map(() => ''),
    details: '',
    impact: '',
    urgency: '',
  };
}

/**
 * Reads the posted contact-guide form into the request the API would submit (channel portal),
 * or the problems, field by field, in the words of the form. The domain still checks the
 * request against the event contract when it is submitted.
 */
export function readNewTicketForm(
  body: Record<string, unknown>,
  category: GuideCategory,
): NewTicketReading {
  const values: NewTicketValues = {
    name: text(body['name']),
    email: text(body['email']),
    phone: text(body['phone']),
    summary: text(body['summary']),
    answers: category.questions.map((_question, index) => text(body[answerField(index)])),
    details: text(body['details']),
    impact: text(body['impact']),
    urgency: text(body['urgency']),
  };
  const errors: FieldError[] = [];
  const required = (field: string, value: string, label: string, max: number) => {
    if (value === '') errors.push({ field, message: `${label} is required` });
    else if (value.length > max) {
      errors.push({ field, message: `${label} must be at most ${max} characters` });
    } else if (!isStorableText(value)) {
      errors.push({ field, message: `${label} contains characters that cannot be stored` });
    }
  };
  const optional = (field: string, value: string, label: string, max: number) => {
    if (value !== '') required(field, value, label, max);
  };

  required('name', values.name, 'Your name', LIMITS.name);
  required('email', values.email, 'Your email', LIMITS.email);
  if (values.email !== '' && values.email.length <= LIMITS.email && !isEmail(values.email)) {
    errors.push({ field: 'email', message: 'Your email must be an email address' });
  }
  optional('phone', values.phone, 'Your phone number', LIMITS.phone);
  if (
    values.phone !== '' &&
    values.phone.length <= LIMITS.phone &&
    !PHONE_NUMBER_PATTERN.test(values.phone)
  ) {
    errors.push({
      field: 'phone',
      message: 'Your phone number may only have digits, spaces and + - ( ) . and at least 3 digits',
    });
  }
  required('summary', values.summary, 'Summary', LIMITS.summary);
  values.answers.forEach((answer, index) =>
    optional(answerField(index), answer, `The answer to question ${index + 1}`, LIMITS.answer),
  );
  optional('details', values.details, 'Further details', LIMITS.details);
  const impact = IMPACT_CHOICES.find((choice) => choice.value === values.impact);
  if (!impact) errors.push({ field: 'impact', message: 'Who is affected: choose one' });
  const urgency = URGENCY_CHOICES.find((choice) => choice.value === values.urgency);
  if (!urgency) errors.push({ field: 'urgency', message: 'How urgent it is: choose one' });

  const description = composeDescription(category.questions, values.answers, values.details);
  if (description === '') {
    errors.push({
      field: 'details',
      message: 'Describe the problem: answer the questions or write further details',
    });
  } else if (description.length > LIMITS.description) {
    errors.push({
      field: 'details',
      message: `Your answers and details are too long together (${description.length} characters, at most ${LIMITS.description})`,
    });
  }

  if (errors.length > 0 || !impact || !urgency) return { ok: false, values, errors };
  return {
    ok: true,
    values,
    request: {
      requester: { name: values.name, email: values.email, phone: values.phone || null },
      channel: 'portal',
      category: category.id,
      summary: values.summary,
      description,
      impact: impact.means,
      urgency: urgency.means,
    },
  };
}

/**
 * The ticket's description: each answered guiding question followed by its answer, then the
 * further details. Unanswered questions are left out.
 */
export function composeDescription(
  questions: readonly string[],
  answers: readonly string[],
  details: string,
): string {
  const parts = questions.flatMap((question, index) => {
    const answer = answers[index]?.trim() ?? '';
    return answer === '' ? [] : [`${question}\n${answer}`];
  });
  const rest = details.trim();
  if (rest !== '') parts.push(parts.length > 0 ? `Further details:\n${rest}` : rest);
  return parts.join('\n\n');
}

/** A form value as trimmed text; anything else (a repeated field, absent) is empty. */
function text(value: unknown): string {
  return typeof value === 'string' ? value.trim() : '';
}
