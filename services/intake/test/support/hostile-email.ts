import fc from 'fast-check';
import { INJECTIONS, abbreviated, hostileText, percentEncoded } from './hostile-input';

/**
 * RFC 822-ish messages for the inbound email endpoint, built from parts a mail gateway may
 * hand over: headers with injections and encoded words in odd charsets, broken MIME
 * structure, wrong transfer encodings, huge parts and mixed line endings.
 */

const CHARSETS = [
  'utf-8',
  'UTF-8',
  'iso-8859-1',
  'windows-1252',
  'utf-7',
  'utf-16',
  'utf-16le',
  'utf-32',
  'koi8-r',
  'shift_jis',
  'iso-2022-jp',
  'gb2312',
  'x-unknown-charset',
  '',
  '"utf-8',
  'utf-8\u0000',
];

const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

/** `=?charset?B|Q?...?=`, well or badly formed. */
const encodedWord: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom(...CHARSETS), hostileText(12), fc.nat(4))
  .map(([charset, text, shape]) => {
    switch (shape) {
      case 0:
        return `=?${charset}?B?${base64(text)}?=`;
      case 1:
        return `=?${charset}?Q?${percentEncoded(text, '=')}?=`;
      case 2:
        return `=?${charset}?B?${base64(text).slice(1)}!!?=`;
      case 3:
        return `=?${charset}?X?${text}?=`;
      default:
        return `=?${charset}?Q?=ZZ=4?`;
    }
  });

/** A header value: plain hostile text, encoded words, an injection, or very long. */
const headerText: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: hostileText(20) },
  { weight: 2, arbitrary: encodedWord },
  { weight: 2, arbitrary: fc.array(encodedWord, { minLength: 2, maxLength: 3 }).map(joinSpaced) },
  { weight: 1, arbitrary: fc.constantFrom(...INJECTIONS) },
  { weight: 1, arbitrary: fc.nat(5000).map((length) => 'W'.repeat(length)) },
);

function joinSpaced(parts: string[]): string {
  return parts.join(' ');
}

const ADDRESSES = ['grace@example.com', 'GRACE@Example.COM', 'eve@example.org', 'ops@x.example'];

/** From: absent, plain, named, encoded, grouped, several, or broken. */
const fromHeader: fc.Arbitrary<string | undefined> = fc.oneof(
  { weight: 1, arbitrary: fc.constant(undefined) },
  { weight: 3, arbitrary: fc.constantFrom(...ADDRESSES) },
  {
    weight: 3,
    arbitrary: fc
      .tuple(headerText, fc.constantFrom(...ADDRESSES))
      .map(([name, address]) => `"${name.replace(/["\\]/g, '')}" <${address}>`),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(encodedWord, fc.constantFrom(...ADDRESSES))
      .map(([name, address]) => `${name} <${address}>`),
  },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      'undisclosed-recipients:;',
      'Team: grace@example.com, eve@example.org;',
      'grace@example.com, eve@example.org',
      '<>',
      '<<<@>>>',
      '@',
      'grace@',
      '"unterminated <grace@example.com>',
      'grace@example.com (comment (nested) ',
      `${'a'.repeat(400)}@example.com`,
      'gr\u0000ace@example.com',
      'grace@exa\u0000mple.com',
      'grace@[127.0.0.1]',
      '"\u202e" <grace@example.com>',
      '=?utf-8?B?PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==?= <grace@example.com>',
      'grace@example.com\r\nBcc: victim@example.com',
      '\u00e9l\u00e8ve@\u00e9cole.example',
    ),
  },
  { weight: 1, arbitrary: headerText },
);

/** A part's body in a transfer encoding, well or badly encoded. */
const encodedBody = (text: string, encoding: string): string => {
  switch (encoding) {
    case 'base64':
      return base64(text).replace(/.{76}/g, '$&\r\n');
    case 'base64-broken':
      return `${base64(text).slice(0, -2)}*&^%$#\r\n====`;
    case 'quoted-printable':
      return text.replace(/[=\u0080-\uffff]/g, (character) =>
        [...Buffer.from(character, 'utf8')]
          .map((byte) => `=${byte.toString(16).toUpperCase().padStart(2, '0')}`)
          .join(''),
      );
    case 'quoted-printable-broken':
      return `${text}=ZZ=\r\n=4=`;
    default:
      return text;
  }
};

const TRANSFER_ENCODINGS = [
  undefined,
  '7bit',
  '8bit',
  'binary',
  'base64',
  'base64-broken',
  'quoted-printable',
  'quoted-printable-broken',
  'x-uuencode',
];

/** Body text: hostile, HTML with scripts, or huge. */
const bodyText: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: hostileText(60) },
  {
    weight: 1,
    arbitrary: fc.constant('<html><body><script>alert(1)</script><p>Hi</p></body></html>'),
  },
  { weight: 1, arbitrary: fc.constant('') },
  { weight: 1, arbitrary: fc.integer({ min: 10_000, max: 200_000 }).map((n) => 'x'.repeat(n)) },
  {
    weight: 1,
    arbitrary: fc.integer({ min: 100, max: 3000 }).map((lines) => 'line of text\r\n'.repeat(lines)),
  },
);

interface Part {
  headers: string[];
  body: string;
}

const singlePart: fc.Arbitrary<Part> = fc
  .record({
    type: fc.constantFrom(
      undefined,
      'text/plain',
      'text/html',
      'application/octet-stream',
      'text/plain; format=flowed; delsp=yes',
      'image/png; name="a.png"',
      'text/plain; charset=',
      ';;;',
    ),
    charset: fc.option(fc.constantFrom(...CHARSETS), { nil: undefined }),
    encoding: fc.constantFrom(...TRANSFER_ENCODINGS),
    text: bodyText,
  })
  .map(({ type, charset, encoding, text }) => ({
    headers: [
      ...(type === undefined
        ? []
        : [`Content-Type: ${type}${charset ? `; charset=${charset}` : ''}`]),
      ...(encoding === undefined
        ? []
        : [`Content-Transfer-Encoding: ${encoding.replace('-broken', '')}`]),
    ],
    body: encodedBody(text, encoding ?? ''),
  }));

/** multipart/*: right, missing or lying boundaries, nested, unterminated. */
const multipart: fc.Arbitrary<Part> = fc
  .record({
    subtype: fc.constantFrom('mixed', 'alternative', 'related', 'signed', 'x-unknown'),
    boundary: fc.constantFrom('b1', 'simple boundary', '', '--', '"quoted"', 'x'.repeat(200)),
    declared: fc.constantFrom('same', 'missing', 'other'),
    parts: fc.array(singlePart, { minLength: 0, maxLength: 3 }),
    terminated: fc.boolean(),
    preamble: fc.option(hostileText(10), { nil: undefined }),
    nested: fc.boolean(),
  })
  .map(({ subtype, boundary, declared, parts, terminated, preamble, nested }) => {
    const declaredBoundary =
      declared === 'same'
        ? `; boundary="${boundary}"`
        : declared === 'other'
          ? '; boundary=zz'
          : '';
    const sections = parts.map(
      (part) => `--${boundary}\r\n${part.headers.join('\r\n')}\r\n\r\n${part.body}`,
    );
    const inner = nested
      ? [
          `--${boundary}\r\nContent-Type: multipart/mixed; boundary=${boundary}\r\n\r\n--${boundary}\r\n\r\nnested`,
        ]
      : [];
    return {
      headers: [`MIME-Version: 1.0`, `Content-Type: multipart/${subtype}${declaredBoundary}`],
      body: [
        ...(preamble === undefined ? [] : [preamble]),
        ...sections,
        ...inner,
        ...(terminated ? [`--${boundary}--`] : []),
      ].join('\r\n'),
    };
  });

/** A message/rfc822 attachment inside the message. */
const forwarded: fc.Arbitrary<Part> = singlePart.map((part) => ({
  headers: ['Content-Type: message/rfc822'],
  body: `From: inner@example.com\r\nSubject: inner\r\n${part.headers.join('\r\n')}\r\n\r\n${part.body}`,
}));

/** Headers nobody asked for: injections in names and values, folding, duplicates. */
const extraHeaders: fc.Arbitrary<string[]> = fc.array(
  fc.oneof(
    fc
      .tuple(fc.constantFrom('X-Mailer', 'Received', 'Reply-To', 'To', 'Cc', 'Date'), headerText)
      .map(([name, value]) => `${name}: ${value}`),
    fc.constantFrom(
      'Subject: a second subject',
      'From: second@example.com',
      'Content-Type: text/html',
      'X-Folded: first\r\n\tsecond\r\n third',
      'No-Colon-Header',
      ': no name',
      'X-\u0000: nul in the name',
      'Date: not a date at all',
      'Date: Mon, 99 Foo 99999 99:99:99 +9999',
      'Received: from <script>alert(1)</script> by x',
      ' leading folded continuation',
    ),
  ),
  { maxLength: 4 },
);

/** A raw message; it prints abbreviated in counterexamples (parts reach 200 kB). */
export class HostileEmail {
  constructor(readonly raw: string) {}

  [fc.toStringMethod](): string {
    return `HostileEmail(${abbreviated(this.raw, 1200)})`;
  }
}

/**
 * A message: From, Subject (sometimes referring to `knownTickets`), Message-ID (fresh,
 * hostile, huge, or absent), extra headers, and a single part, multipart or forwarded body,
 * with CRLF, LF or mixed line ends.
 */
export const hostileEmail = (knownTickets: () => string[]): fc.Arbitrary<HostileEmail> =>
  fc
    .record({
      from: fromHeader,
      subject: fc.option(headerText, { nil: undefined }),
      reference: fc.oneof(
        { weight: 3, arbitrary: fc.constant(undefined) },
        { weight: 1, arbitrary: fc.uuid() },
        { weight: 2, arbitrary: fc.nat().map((index) => pick(knownTickets(), index)) },
      ),
      messageId: fc.oneof(
        { weight: 2, arbitrary: fc.constant(undefined) },
        { weight: 3, arbitrary: fc.uuid().map((id) => `<${id}@mail.example>`) },
        { weight: 2, arbitrary: headerText.map((text) => `<${text}@x>`) },
        { weight: 1, arbitrary: fc.nat(300).map((n) => `<a${'\u0000'.repeat(n % 3)}b${n}@x>`) },
        { weight: 1, arbitrary: fc.nat(2000).map((n) => `<${'m'.repeat(200 + n)}@x>`) },
      ),
      headers: extraHeaders,
      content: fc.oneof(
        { weight: 4, arbitrary: singlePart },
        { weight: 2, arbitrary: multipart },
        { weight: 1, arbitrary: forwarded },
      ),
      lineEnd: fc.constantFrom('\r\n', '\n', 'mixed'),
    })
    .map(({ from, subject, reference, messageId, headers, content, lineEnd }) => {
      const lines = [
        ...(from === undefined ? [] : [`From: ${from}`]),
        ...(subject === undefined && reference === undefined
          ? []
          : [`Subject: ${subject ?? ''}${reference ? ` [#${reference}]` : ''}`]),
        ...(messageId === undefined ? [] : [`Message-ID: ${messageId}`]),
        ...headers,
        ...content.headers,
      ];
      let raw = `${lines.join('\r\n')}\r\n\r\n${content.body}`;
      if (lineEnd === '\n') raw = raw.replace(/\r\n/g, '\n');
      if (lineEnd === 'mixed')
        raw = raw.replace(/\r\n/g, (_match, offset: number) => (offset % 2 ? '\n' : '\r\n'));
      return new HostileEmail(raw);
    });

function pick(items: string[], index: number): string | undefined {
  return items.length === 0 ? undefined : items[index % items.length];
}
