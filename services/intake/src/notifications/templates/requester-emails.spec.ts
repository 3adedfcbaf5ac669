import { ticketReferenceIn } from '../../domain/inbound-email';
import { requesterEmail } from './requester-emails';

const HOSTILE = '<script>alert(1)</script><img src=x onerror=alert(2)>';
const ticketId = '5c0b6f52-3f0e-4a39-9d7c-2f8a3c1d9e10';
const link = `https://help.example.com/portal/tickets/${ticketId}?access=abc&x=1`;

describe('the requester emails', () => {
  it('escape every piece of ticket text in the HTML, and keep it readable in the text', () => {
    const email = requesterEmail(
      {
        kind: 'question',
        ticketId,
        requesterName: `Ada ${HOSTILE}`,
        summary: HOSTILE,
        question: `Which one? ${HOSTILE}`,
      },
      link,
    );
    expect(email.html).not.toContain('<script>');
    expect(email.html).not.toContain('<img');
    expect(email.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(email.text).toContain(HOSTILE);
  });

  it('carry the ticket reference that makes an emailed reply land on the ticket', () => {
    for (const kind of ['acknowledgement', 'resolution'] as const) {
      const email = requesterEmail(
        kind === 'resolution'
          ? { kind, ticketId, requesterName: 'Ada', summary: 'VPN', resolution: 'Fixed' }
          : { kind, ticketId, requesterName: 'Ada', summary: 'VPN' },
        link,
      );
      expect(ticketReferenceIn(email.subject)).toBe(ticketId);
    }
  });

  it('keep the subject on one line whatever the summary holds', () => {
    const email = requesterEmail(
      { kind: 'acknowledgement', ticketId, requesterName: 'Ada', summary: 'VPN\r\nBcc: x@y' },
      link,
    );
    expect(email.subject).toBe(`We received your request: VPN Bcc: x@y [#${ticketId}]`);
  });

  it('lead to the ticket through its tracking link', () => {
    const email = requesterEmail(
      { kind: 'resolution', ticketId, requesterName: 'Ada', summary: 'VPN', resolution: 'Fixed' },
      link,
    );
    expect(email.text).toContain(link);
    expect(email.html).toContain(`href="${link.replace('&', '&amp;')}"`);
    expect(email.text).toContain('    Fixed');
  });
});
