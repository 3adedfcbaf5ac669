import {
  InboundEmail,
  emailRefusal,
  isFromRequester,
  messageText,
  ticketReferenceIn,
  ticketRequestFromEmail,
} from './inbound-email';

const from = { address: 'grace@example.com', name: 'Grace Hopper' };
const ticketId = '5f1e0c2a-8a4e-4c71-9a55-1b0f0d1e2c3b';

describe('email in', () => {
  it('finds a ticket reference in the subject', () => {
    expect(ticketReferenceIn(`Re: VPN down [#${ticketId.toUpperCase()}]`)).toBe(ticketId);
    expect(ticketReferenceIn('VPN down [#1234]')).toBeUndefined();
    expect(ticketReferenceIn(`VPN down #${ticketId}`)).toBeUndefined();
  });

  it('refuses a message without sender or text, with the reason', () => {
    expect(emailRefusal({ subject: 's', text: 'hello' })).toBe('the message has no From address');
    expect(emailRefusal({ from, subject: 's', text: ' \n ' })).toBe('the message has no text');
    expect(emailRefusal({ from, subject: 's', text: 'hello' })).toBeUndefined();
  });

  it('makes a medium/medium ticket from the subject and the text, with no callback phone', () => {
    const email = { from, subject: `  Printer\n  jams  `, text: 'Paper jam on floor 2.\n' };
    expect(ticketRequestFromEmail(email, 'other')).toEqual({
      requester: { name: 'Grace Hopper', email: 'grace@example.com', phone: null },
      channel: 'email',
      category: 'other',
      summary: 'Printer jams',
      description: 'Paper jam on floor 2.',
      impact: 'medium',
      urgency: 'medium',
    });
  });

  it('bounds the summary and the description, and fills what is missing', () => {
    const long: InboundEmail & { from: typeof from } = {
      from: { address: 'x@example.com', name: '' },
      subject: 'S'.repeat(300),
      text: 'T'.repeat(20_000),
    };
    const request = ticketRequestFromEmail(long, 'other');
    expect(request.summary).toHaveLength(200);
    expect(request.description.length).toBeLessThanOrEqual(10_000);
    expect(request.description).toMatch(/message truncated]$/);
    expect(request.requester.name).toBe('x@example.com');
    expect(
      ticketRequestFromEmail({ from, subject: '', text: '\n  First line\nmore' }, 'other'),
    ).toMatchObject({ summary: 'First line' });
  });

  it('never cuts a character in half, and drops what cannot be stored', () => {
    const text = `${'a'.repeat(9_977)}😀😀😀😀😀😀😀😀😀😀😀😀`;
    const bounded = messageText(text);
    expect(bounded.length).toBeLessThanOrEqual(10_000);
    expect(/[\ud800-\udbff](?![\udc00-\udfff])/.test(bounded)).toBe(false);
    expect(messageText('a\u0000b')).toBe('ab');
  });

  it('takes a reply from the requester only', () => {
    const email = { from: { address: 'Grace@Example.com', name: '' }, subject: '', text: 'x' };
    expect(isFromRequester(email, 'grace@example.com')).toBe(true);
    expect(isFromRequester(email, 'someone@example.com')).toBe(false);
  });
});
