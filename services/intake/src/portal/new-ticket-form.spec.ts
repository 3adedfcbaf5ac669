import { composeDescription, readNewTicketForm } from './new-ticket-form';

const category = {
  id: 'network-vpn',
  name: 'Network & VPN',
  questions: ['Where are you?', 'Is it the VPN or the Wi-Fi?', 'What does the client say?'],
};

const filled = {
  name: '  Ada Lovelace ',
  email: 'ada@example.com',
  summary: 'VPN drops',
  'answer-1': 'At home',
  'answer-2': '',
  'answer-3': 'Timeout',
  details: 'Since Monday.',
  impact: 'team',
  urgency: 'now',
  _csrf: 'ignored',
  nonce: 'ignored',
};

describe('the contact-guide form', () => {
  it('makes the request the API would submit: answered questions, then the details', () => {
    const reading = readNewTicketForm(filled, category);
    expect(reading).toMatchObject({
      ok: true,
      request: {
        requester: { name: 'Ada Lovelace', email: 'ada@example.com', phone: null },
        channel: 'portal',
        category: 'network-vpn',
        summary: 'VPN drops',
        description:
          'Where are you?\nAt home\n\nWhat does the client say?\nTimeout\n\nFurther details:\nSince Monday.',
        impact: 'medium',
        urgency: 'high',
      },
    });
  });

  it('takes an optional phone number to call back, trimmed', () => {
    const reading = readNewTicketForm({ ...filled, phone: ' +33 1 23 45 67 89 ' }, category);
    expect(reading).toMatchObject({
      ok: true,
      values: { phone: '+33 1 23 45 67 89' },
      request: { requester: { phone: '+33 1 23 45 67 89' } },
    });
  });

  it('refuses a phone that is no phone number, or too long, on the phone field', () => {
    for (const [phone, message] of [
      [
        'call me',
        'Your phone number may only have digits, spaces and + - ( ) . and at least 3 digits',
      ],
      ['12', 'Your phone number may only have digits, spaces and + - ( ) . and at least 3 digits'],
      ['1'.repeat(41), 'Your phone number must be at most 40 characters'],
    ] as const) {
      const reading = readNewTicketForm({ ...filled, phone }, category);
      expect(reading).toMatchObject({ ok: false, errors: [{ field: 'phone', message }] });
    }
  });

  it('names every wrong field in plain words and keeps what was typed', () => {
    const reading = readNewTicketForm(
      { ...filled, summary: ' ', email: 'not-an-email', impact: 'everyone', urgency: '' },
      category,
    );
    expect(reading.ok).toBe(false);
    if (reading.ok) return;
    expect(reading.errors).toEqual([
      { field: 'email', message: 'Your email must be an email address' },
      { field: 'summary', message: 'Summary is required' },
      { field: 'impact', message: 'Who is affected: choose one' },
      { field: 'urgency', message: 'How urgent it is: choose one' },
    ]);
    expect(reading.values).toMatchObject({
      name: 'Ada Lovelace',
      answers: ['At home', '', 'Timeout'],
    });
  });

  it('asks for a description when no question is answered and no detail given', () => {
    const reading = readNewTicketForm(
      { ...filled, 'answer-1': '', 'answer-3': '', details: '' },
      category,
    );
    expect(reading.ok || reading.errors).toEqual([
      {
        field: 'details',
        message: 'Describe the problem: answer the questions or write further details',
      },
    ]);
  });

  it('refuses text the database cannot store, and a repeated field', () => {
    const reading = readNewTicketForm(
      { ...filled, name: 'Ada\u0000', summary: ['a', 'b'] },
      category,
    );
    expect(reading.ok || reading.errors.map((error) => error.field)).toEqual(['name', 'summary']);
  });

  it('keeps the details alone when no question is answered', () => {
    expect(composeDescription(category.questions, ['', ' '], ' It is broken. ')).toBe(
      'It is broken.',
    );
  });
});
