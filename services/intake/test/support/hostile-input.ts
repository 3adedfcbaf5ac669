import fc from 'fast-check';
import { MAX_JSON_DEPTH } from '@helpdesk/event-log-nest';

/**
 * Arbitraries and oracles for the hostile-input properties: JSON bodies built piece by piece
 * (so they can carry duplicate keys, own `__proto__` keys and nesting deeper than
 * JSON.stringify can write), text that attacks the database, templates, HTML and terminals,
 * and the rules a ticket request must follow, written independently of the DTOs.
 */

/** Strings that mean something to SQL, HTML, template engines, shells or spreadsheets. */
export const INJECTIONS = [
  "'; DROP TABLE requester_tickets; --",
  '" OR "1"="1',
  "1' OR '1'='1' /*",
  '$$; SELECT pg_sleep(5); $$',
  "'); DELETE FROM outbox; --",
  '\\x00\\u0000%00',
  '<script>alert(document.cookie)</script>',
  '<img src=x onerror=alert(1)>',
  '"><svg/onload=alert(1)>',
  '</textarea><iframe src=javascript:alert(1)>',
  'javascript:alert(1)',
  '{{7*7}}',
  '${7*7}',
  '#{7*7}',
  '<%= 7*7 %>',
  "{{constructor.constructor('return process')()}}",
  '${process.exit(1)}',
  '$(rm -rf /)',
  '`id`',
  '=cmd|/c calc!A1',
  '@SUM(1+1)*cmd|',
  '../../../../etc/passwd',
  '%s%s%s%n%x',
  '{"$gt":""}',
  '__proto__',
  'constructor',
  'null',
  'undefined',
  'NaN',
  '\r\nX-Injected: yes\r\n\r\n',
  '\\"}],"injected":true,"x":[{"',
];

/** Code points that look like nothing, reorder text, end strings or split pairs. */
const ODD_UNICODE = [
  '\u202e', // right-to-left override
  '\u202d',
  '\u2066',
  '\u2069',
  '\u200b', // zero width space
  '\u200c',
  '\u200d',
  '\u2060',
  '\ufeff',
  '\u00a0',
  '\u1680',
  '\u2028',
  '\u2029',
  '\u3000',
  '\u0000',
  '\u0001',
  '\u0007',
  '\u0008',
  '\u001b[31m',
  '\u007f',
  '\u0085',
  '\u009b',
  '\ud800', // unpaired high surrogate
  '\udfff', // unpaired low surrogate
  '\ufffd',
  '\uffff',
  '\ufdd0',
  '\u{1f600}',
  '\u{1f469}\u200d\u{1f469}\u200d\u{1f467}\u200d\u{1f466}',
  '\u{1f3f3}\ufe0f\u200d\u{1f308}',
  'e\u0301\u0301\u0301',
  'Z\u0337\u0327\u031b\u0316a\u0336l\u0337g\u0336o\u0337',
  '\u0645\u0631\u062d\u0628\u0627',
  '\u05e9\u05dc\u05d5\u05dd',
  '\u{10ffff}',
  '\u{e0041}',
];

const WHITESPACE = ['', ' ', '  ', '\t', '\n', '\r\n', '\u00a0', '\u2028', '\ufeff', '\u3000'];

/** Any single code point, unpaired surrogates included. */
const anyCodePoint = fc
  .integer({ min: 0, max: 0x10ffff })
  .map((codePoint) => String.fromCodePoint(codePoint));

const hostileUnit = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }) },
  { weight: 2, arbitrary: fc.constantFrom(...ODD_UNICODE) },
  { weight: 1, arbitrary: fc.constantFrom(...INJECTIONS) },
  { weight: 1, arbitrary: anyCodePoint },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }) },
);

/** Short text made of hostile pieces, sometimes wrapped in whitespace the API trims. */
export const hostileText = (maxUnits = 30): fc.Arbitrary<string> =>
  fc
    .tuple(
      fc.constantFrom(...WHITESPACE),
      fc.string({ unit: hostileUnit, minLength: 0, maxLength: maxUnits }),
      fc.constantFrom(...WHITESPACE),
    )
    .map(([before, text, after]) => `${before}${text}${after}`);

/**
 * One repeated piece, around `max` code points long: either side of a length limit. An emoji is
 * two UTF-16 units; a heart with a variation selector two code points that class-validator
 * counts as one character.
 */
const nearTheLimit = (max: number): fc.Arbitrary<string> =>
  fc
    .tuple(
      fc.constantFrom('a', '\u00e9', '<', '\u{1f600}', '\u200b', ' x', '\u2764\ufe0f'),
      fc.integer({ min: Math.max(1, max - 3), max: max + 3 }),
    )
    .map(([piece, count]) => piece.repeat(Math.ceil(count / [...piece].length)));

/** Text as a counterexample prints it: quoted, escaped, and cut in the middle when long. */
export function abbreviated(text: string, max = 400): string {
  if (text.length <= max) return JSON.stringify(text);
  const head = JSON.stringify(text.slice(0, (max * 3) / 4));
  const tail = JSON.stringify(text.slice(-max / 4));
  return `${head} + (${text.length - max} more characters) + ${tail}`;
}

/** A request body; it prints abbreviated in counterexamples (bodies reach 64 kB and more). */
export class Body {
  constructor(readonly text: string) {}

  [fc.toStringMethod](): string {
    return `Body(${abbreviated(this.text)})`;
  }
}

/** Percent-encodes the UTF-8 bytes of `text` (`%` or `=` first), keeping only unreserved ASCII. */
export function percentEncoded(text: string, escape = '%'): string {
  return [...Buffer.from(text, 'utf8')]
    .map((byte) =>
      /[A-Za-z0-9._~-]/.test(String.fromCharCode(byte))
        ? String.fromCharCode(byte)
        : `${escape}${byte.toString(16).toUpperCase().padStart(2, '0')}`,
    )
    .join('');
}

/** A raw JSON fragment, written as is into a body. */
export class RawJson {
  /** `levels`: how many objects and arrays deep the fragment goes, when it is known. */
  constructor(
    readonly json: string,
    readonly levels?: number,
  ) {}

  [fc.toStringMethod](): string {
    return `RawJson(${abbreviated(this.json, 80)})`;
  }
}

/** A JSON object as an ordered list of entries: duplicate keys and `__proto__` survive. */
export class JsonObject {
  constructor(readonly entries: [string, unknown][]) {}
}

/** Arrays or objects nested `depth` levels deep, around a scalar. */
export const deepNesting = (maxDepth: number): fc.Arbitrary<RawJson> =>
  fc
    .tuple(fc.integer({ min: 1, max: maxDepth }), fc.constantFrom('[', '{"a":', '[{"b":'))
    .map(([depth, open]) => {
      const close = open === '[' ? ']' : open === '{"a":' ? '}' : '}]';
      const levels = open === '[{"b":' ? 2 * depth : depth;
      return new RawJson(`${open.repeat(depth)}1${close.repeat(depth)}`, levels);
    });

/** Anything but a string: numbers, booleans, null, arrays, objects, deep nesting. */
const wrongType: fc.Arbitrary<unknown> = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.oneof(fc.string(), fc.integer()), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }),
  deepNesting(200),
  fc.constant(new RawJson('{"toString":"x","valueOf":1}')),
  fc.constant(new RawJson('1e400')),
  fc.constant(new RawJson('-0')),
);

/** Writes a value as JSON; `undefined` entries are left out (a missing field). */
export function toJson(value: unknown): string {
  if (value instanceof RawJson) return value.json;
  if (value instanceof JsonObject) {
    const fields = value.entries
      .filter(([, field]) => field !== undefined)
      .map(([key, field]) => `${JSON.stringify(key)}:${toJson(field)}`);
    return `{${fields.join(',')}}`;
  }
  if (Array.isArray(value)) return `[${value.map((item) => toJson(item) ?? 'null').join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return toJson(new JsonObject(Object.entries(value)));
  }
  return JSON.stringify(value) ?? 'null';
}

export const CATEGORIES = [
  'account-password',
  'email-calendar',
  'network-vpn',
  'printing',
  'hardware',
  'software-applications',
  'security-incident',
  'phone-mobile',
  'other',
] as const;
export const LEVELS = ['low', 'medium', 'high'] as const;
export const CHANNELS = ['api', 'portal', 'email', 'phone'] as const;
export const VALID_EMAILS = [
  'ada@example.com',
  'Grace.Hopper+helpdesk@mail.example.org',
  'o.connor@sub.domain.example.co.uk',
  'x_y-z@example.io',
];

/** A text field: usually hostile but storable text, sometimes too long, missing or not text. */
const textField = (max: number): fc.Arbitrary<unknown> =>
  fc.oneof(
    { weight: 8, arbitrary: hostileText() },
    { weight: 1, arbitrary: nearTheLimit(max) },
    { weight: 1, arbitrary: wrongType },
    { weight: 1, arbitrary: fc.constant(undefined) },
  );

const enumField = <T extends string>(values: readonly T[]): fc.Arbitrary<unknown> =>
  fc.oneof(
    { weight: 8, arbitrary: fc.constantFrom(...values) },
    { weight: 1, arbitrary: hostileText(8) },
    { weight: 1, arbitrary: fc.constantFrom(...values).map((value) => value.toUpperCase()) },
    { weight: 1, arbitrary: wrongType },
    { weight: 1, arbitrary: fc.constant(undefined) },
  );

const emailField: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(...VALID_EMAILS) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(hostileText(6), fc.constantFrom(...VALID_EMAILS))
      .map(([text, email]) => (text.length % 2 === 0 ? `${text}${email}` : `${email}${text}`)),
  },
  { weight: 1, arbitrary: hostileText() },
  { weight: 1, arbitrary: fc.constant(`${'a'.repeat(310)}@example.com`) },
  { weight: 1, arbitrary: wrongType },
  { weight: 1, arbitrary: fc.constant(undefined) },
);

const KNOWN_KEYS = new Set([
  'requester',
  'name',
  'email',
  'phone',
  'channel',
  'category',
  'summary',
  'description',
  'impact',
  'urgency',
]);

/** Callback phone numbers people write, and their whitespace the API trims. */
export const VALID_PHONES = [
  '+33 1 23 45 67 89',
  '(555) 010-4477',
  '020.7946.0958',
  '4711',
  ' +1-202-555-0143\t',
  '1'.repeat(40),
];

/** The optional callback phone: mostly absent, else a number, null, or anything at all. */
const phoneField: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: fc.constant(undefined) },
  { weight: 2, arbitrary: fc.constantFrom(...VALID_PHONES) },
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.constantFrom('12', '1'.repeat(41), '+33 1 23 45 67 89 ext. 12') },
  { weight: 1, arbitrary: hostileText(8) },
  { weight: 1, arbitrary: wrongType },
);

/** Keys the contract does not have: look-alikes of internal fields and prototype names. */
const extraKey: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    'id',
    'ticketId',
    'status',
    'priority',
    'integratorKeyId',
    'assignee',
    '__proto__',
    'prototype',
    'toString',
    'hasOwnProperty',
    'Summary',
    'summary ',
    '',
    '$where',
  ),
  hostileText(6).filter((key) => !KNOWN_KEYS.has(key)),
);

const extraEntries = fc.array(fc.tuple(extraKey, fc.oneof(hostileText(), wrongType)), {
  maxLength: 2,
});

/** A duplicate of a known field, written after it: JSON.parse keeps the last one. */
const duplicateEntries = (known: string[]): fc.Arbitrary<[string, unknown][]> =>
  fc.array(fc.tuple(fc.constantFrom(...known), fc.oneof(hostileText(), wrongType)), {
    maxLength: 1,
  });

/** Hostile text the contract accepts: not blank, no NUL, no unpaired surrogate. */
const acceptableText = (max: number): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 9, arbitrary: hostileText().filter((text) => isAcceptableText(text)) },
    { weight: 1, arbitrary: nearTheLimit(max) },
  );

function isAcceptableText(text: string): boolean {
  return text.trim().length > 0 && !isUnstorable(text);
}

/**
 * Bodies that are valid but for their text, which is hostile (injections, controls, RTL
 * overrides, emoji, whitespace to trim) and sometimes at its length limit; now and then with a
 * key the API drops without a word.
 */
const acceptableBody = ({ channel }: { channel: boolean }): fc.Arbitrary<Body> =>
  fc
    .record({
      name: acceptableText(200),
      email: fc.constantFrom(...VALID_EMAILS),
      phone: fc.constantFrom(undefined, null, ...VALID_PHONES),
      channel: fc.constantFrom(...CHANNELS),
      category: fc.constantFrom(...CATEGORIES),
      summary: acceptableText(200),
      description: acceptableText(10_000),
      impact: fc.constantFrom(...LEVELS),
      urgency: fc.constantFrom(...LEVELS),
      dropped: fc.oneof(
        { weight: 4, arbitrary: fc.constant(undefined) },
        {
          weight: 1,
          arbitrary: fc.tuple(
            fc.constantFrom('toString', 'constructor', '__proto__'),
            hostileText(),
          ),
        },
      ),
    })
    .map(({ name, email, phone, dropped, ...fields }) => {
      const entries: [string, unknown][] = [
        [
          'requester',
          new JsonObject([
            ['name', name],
            ['email', email],
            ['phone', phone],
          ]),
        ],
        ...Object.entries(fields).filter(([key]) => channel || key !== 'channel'),
      ];
      return new Body(toJson(new JsonObject(dropped ? [...entries, dropped] : entries)));
    });

/**
 * Ticket bodies: valid ones carrying hostile text, and valid-shaped ones whose fields are
 * kept, replaced (wrong type, too long, blank, unstorable, deep), dropped or duplicated, with
 * unknown keys added.
 */
export const ticketBody = ({ channel }: { channel: boolean }): fc.Arbitrary<Body> =>
  fc.oneof(
    { weight: 2, arbitrary: acceptableBody({ channel }) },
    { weight: 3, arbitrary: mutatedBody({ channel }) },
  );

const mutatedBody = ({ channel }: { channel: boolean }): fc.Arbitrary<Body> => {
  const requester = fc.oneof(
    {
      weight: 9,
      arbitrary: fc
        .tuple(
          textField(200),
          emailField,
          phoneField,
          fc.oneof({ weight: 6, arbitrary: fc.constant([]) }, extraEntries),
          fc.oneof(
            { weight: 6, arbitrary: fc.constant([]) },
            duplicateEntries(['name', 'email', 'phone']),
          ),
        )
        .map(
          ([name, email, phone, extra, duplicates]) =>
            new JsonObject([
              ['name', name],
              ['email', email],
              ['phone', phone],
              ...extra,
              ...duplicates,
            ]),
        ),
    },
    { weight: 1, arbitrary: wrongType },
    { weight: 1, arbitrary: fc.constant(undefined) },
  );
  const category = fc.oneof(
    { weight: 8, arbitrary: fc.constantFrom(...CATEGORIES) },
    { weight: 1, arbitrary: fc.constantFrom('coffee-machine', 'a'.repeat(50), 'NETWORK-VPN') },
    { weight: 1, arbitrary: hostileText(10) },
    { weight: 1, arbitrary: wrongType },
    { weight: 1, arbitrary: fc.constant(undefined) },
  );
  const known = ['requester', 'category', 'summary', 'description', 'impact', 'urgency'];
  return fc
    .record({
      requester,
      channel: channel ? enumField(CHANNELS) : fc.constant(undefined),
      category,
      summary: textField(200),
      description: textField(10_000),
      impact: enumField(LEVELS),
      urgency: enumField(LEVELS),
      extra: fc.oneof({ weight: 4, arbitrary: fc.constant([]) }, extraEntries),
      duplicates: fc.oneof({ weight: 6, arbitrary: fc.constant([]) }, duplicateEntries(known)),
    })
    .map(
      ({ extra, duplicates, ...fields }) =>
        new Body(toJson(new JsonObject([...Object.entries(fields), ...extra, ...duplicates]))),
    );
};

/** What the oracle expects of a body: refused (naming fields), accepted, or either. */
export interface Verdict {
  /** Fields the validation pipe must name (all of them). */
  readonly refused: string[];
  /** Fields refused after validation (the event contract, the contact guide): one is named. */
  readonly refusedLate: string[];
  /** Fields whose fate the oracle leaves open (an email address validator.js may refuse). */
  readonly unsure: string[];
  /**
   * Fields nested more than MAX_JSON_DEPTH levels deep (counting the body as one): refused
   * before any validation, one of them named.
   */
  readonly tooDeep: string[];
}

/** Levels of objects and arrays in `value` (0 for a scalar). */
function nesting(value: unknown): number {
  if (value === null || typeof value !== 'object') return 0;
  return 1 + Math.max(0, ...Object.values(value).map(nesting));
}

/** Judges a parsed body by the published contract, independently of the DTO classes. */
export function judgeTicketBody(body: unknown, { channel }: { channel: boolean }): Verdict {
  const verdict = {
    refused: [] as string[],
    refusedLate: [] as string[],
    unsure: [] as string[],
    tooDeep: tooDeepFields(body),
  };
  if (!isPlainObject(body)) {
    verdict.refused.push('body');
    return verdict;
  }
  const allowed = ['requester', 'category', 'summary', 'description', 'impact', 'urgency'];
  if (channel) allowed.push('channel');
  extraKeys(body, allowed, '', verdict);
  const requester = body['requester'];
  if (!isPlainObject(requester)) {
    verdict.refused.push('requester');
  } else {
    extraKeys(requester, ['name', 'email', 'phone'], 'requester.', verdict);
    judgeText(requester['name'], 200, 'requester.name', verdict);
    judgeEmail(requester['email'], verdict);
    judgePhone(requester['phone'], verdict);
  }
  if (channel) judgeEnum(body['channel'], CHANNELS, 'channel', verdict);
  judgeCategory(body['category'], verdict);
  judgeText(body['summary'], 200, 'summary', verdict);
  judgeText(body['description'], 10_000, 'description', verdict);
  judgeEnum(body['impact'], LEVELS, 'impact', verdict);
  judgeEnum(body['urgency'], LEVELS, 'urgency', verdict);
  return verdict;
}

/** The fields (`summary`, `requester.name`) holding more levels than MAX_JSON_DEPTH allows. */
function tooDeepFields(body: unknown): string[] {
  if (nesting(body) <= MAX_JSON_DEPTH) return [];
  if (!isPlainObject(body)) return ['body'];
  return Object.entries(body).flatMap(([key, value]) => {
    if (1 + nesting(value) <= MAX_JSON_DEPTH) return [];
    // An empty key names nothing: the API says `body` then.
    if (!isPlainObject(value)) return [key || 'body'];
    return Object.entries(value)
      .filter(([, child]) => 2 + nesting(child) > MAX_JSON_DEPTH)
      .map(([name]) => `${key}.${name}`);
  });
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** NUL or a UTF-16 half without its other half: what PostgreSQL text and jsonb cannot hold. */
export function isUnstorable(text: string): boolean {
  if (text.includes('\u0000')) return true;
  for (const character of text) {
    const code = character.charCodeAt(0);
    if (character.length === 1 && code >= 0xd800 && code <= 0xdfff) return true;
  }
  return false;
}

/**
 * Keys the API drops without a word instead of refusing them: the ValidationPipe deletes
 * `__proto__`, `constructor` and `prototype`, and class-transformer does not copy a key that
 * names a method every object inherits (`toString`, `hasOwnProperty`...), so the whitelist
 * never sees it. Dropped, they are not stored either.
 */
function isSilentlyDropped(key: string): boolean {
  return (
    ['__proto__', 'constructor', 'prototype'].includes(key) ||
    typeof (Object.prototype as Record<string, unknown>)[key] === 'function'
  );
}

function extraKeys(
  object: Record<string, unknown>,
  allowed: string[],
  prefix: string,
  verdict: Verdict,
): void {
  for (const key of Object.keys(object)) {
    if (allowed.includes(key) || isSilentlyDropped(key)) continue;
    verdict.refused.push(`${prefix}property ${key} should not exist`);
  }
}

function judgeText(value: unknown, max: number, field: string, verdict: Verdict): void {
  if (typeof value !== 'string') return void verdict.refused.push(field);
  const text = value.trim();
  if (text.length === 0 || isUnstorable(text)) return void verdict.refused.push(field);
  // Both limits count code points (the text is storable: no unpaired surrogate), but
  // class-validator leaves variation selectors out and the event contract (zod) does not.
  const codePoints = [...text].length;
  const characters = codePoints - (text.match(/[\ufe0e\ufe0f]/g) ?? []).length;
  if (characters > max) verdict.refused.push(field);
  else if (codePoints > max) verdict.refusedLate.push(field);
}

function judgeEmail(value: unknown, verdict: Verdict): void {
  const field = 'requester.email';
  if (typeof value !== 'string' || value.length > 320 || !value.includes('@')) {
    return void verdict.refused.push(field);
  }
  if (!VALID_EMAILS.includes(value)) verdict.unsure.push(field);
}

/**
 * The callback phone: absent or null, else once trimmed 1..40 characters of digits, spaces
 * and + - ( ) . with at least 3 digits.
 */
function judgePhone(value: unknown, verdict: Verdict): void {
  if (value === undefined || value === null) return;
  const field = 'requester.phone';
  if (typeof value !== 'string') return void verdict.refused.push(field);
  const phone = value.trim();
  const digits = [...phone].filter((character) => character >= '0' && character <= '9');
  const allowed = [...phone].every((character) => '0123456789 +-().'.includes(character));
  if (!allowed || digits.length < 3 || phone.length > 40) verdict.refused.push(field);
}

function judgeEnum(value: unknown, values: readonly string[], field: string, verdict: Verdict) {
  if (typeof value !== 'string' || !values.includes(value)) verdict.refused.push(field);
}

function judgeCategory(value: unknown, verdict: Verdict): void {
  if (typeof value !== 'string') return void verdict.refused.push('category');
  if ((CATEGORIES as readonly string[]).includes(value)) return;
  (/^[a-z0-9][a-z0-9-]{0,49}$/.test(value) ? verdict.refusedLate : verdict.refused).push(
    'category',
  );
}

/** Malformed JSON: random text, or a valid body cut, doubled or with a character changed. */
export const malformedJson = (validBody: string): fc.Arbitrary<Body> =>
  fc
    .oneof(
      fc.string(),
      fc.string({ unit: 'binary' }),
      fc.string({ unit: fc.constantFrom('{', '}', '[', ']', '"', ':', ',', '\\', ' ', 'a', '1') }),
      fc.integer({ min: 0, max: validBody.length - 1 }).map((end) => validBody.slice(0, end)),
      fc
        .tuple(fc.integer({ min: 0, max: validBody.length - 1 }), hostileUnit)
        .map(([at, text]) => `${validBody.slice(0, at)}${text}${validBody.slice(at + 1)}`),
      fc.constantFrom(
        `${validBody}${validBody}`,
        `${validBody},`,
        `\ufeff${validBody}`,
        `[${validBody}]`,
        'null',
        'true',
        '"a string"',
        '42',
        '[]',
        '{}',
        '{"a":1,}',
        "{'summary':'single quotes'}",
        '{"summary":"\\ud800"}',
        '{"summary":"\\u0000"}',
        '{"summary":"\\x41"}',
        '{"__proto__":{"isAdmin":true}}',
        '{"constructor":{"prototype":{"polluted":true}}}',
        'NaN',
        '{"impact":Infinity}',
        '',
      ),
    )
    .map((text) => new Body(text));
