import { TicketLifecycle } from '@helpdesk/ticket-lifecycle';
import { Level2Case, UNTOUCHED_CASE } from './level2-case';
import {
  DEFAULT_REMOTE_SESSION_URL_TEMPLATE,
  decideRemoteSessionEnd,
  decideRemoteSessionStart,
  remoteSessionLink,
  remoteSessionTemplateProblem,
} from './remote-session';

const ada = { id: 'tech-ada', supervisor: false };
const state: TicketLifecycle = {
  ticketId: '5f1e0b7c-0000-4000-8000-000000000001',
  sequence: 6,
  owner: 'L2',
  status: 'in-progress',
  priority: 'P3',
  assignee: 'tech-ada',
  domain: null,
  resolvedBy: null,
  resolvedAt: null,
  submittedAt: '2026-11-24T09:00:00.000Z',
  updatedAt: '2026-11-24T09:30:00.000Z',
};
const diagnosed: Level2Case = { ...UNTOUCHED_CASE, outcome: 'remote-session' };
const open: Level2Case = { ...diagnosed, openRemoteSession: 'session-1' };

describe('remote session links', () => {
  it('fill in the session and the ticket, URL-encoded', () => {
    expect(
      remoteSessionLink(DEFAULT_REMOTE_SESSION_URL_TEMPLATE, {
        sessionId: 's 1/2',
        ticketId: 't&1',
      }),
    ).toBe('https://remote.example.com/session/s%201%2F2?ticket=t%261');
  });

  it('fill in every occurrence and leave the rest of the template alone', () => {
    expect(
      remoteSessionLink('https://rc.test/{sessionId}/{sessionId}?a=$1&t={ticketId}', {
        sessionId: 'x',
        ticketId: 'y',
      }),
    ).toBe('https://rc.test/x/x?a=$1&t=y');
  });
});

describe('the link template, checked at start', () => {
  it('accepts the default and any http(s) template naming the session', () => {
    expect(remoteSessionTemplateProblem(DEFAULT_REMOTE_SESSION_URL_TEMPLATE)).toBeUndefined();
    expect(remoteSessionTemplateProblem('http://10.0.0.5:8040/join/{sessionId}')).toBeUndefined();
  });

  it('says what is wrong with a bad one', () => {
    expect(remoteSessionTemplateProblem('https://rc.test/join?ticket={ticketId}')).toBe(
      'must contain {sessionId}',
    );
    expect(remoteSessionTemplateProblem('https://rc.test/{sessionId}/{user}')).toContain(
      'unknown placeholder {user}',
    );
    expect(remoteSessionTemplateProblem('/join/{sessionId}')).toContain('absolute URL');
    expect(remoteSessionTemplateProblem('ftp://rc.test/{sessionId}')).toContain('http(s)');
    expect(
      remoteSessionTemplateProblem(`https://rc.test/{sessionId}/${'a'.repeat(2_000)}`),
    ).toContain('RemoteSessionStarted');
  });
});

describe('starting and ending a remote session', () => {
  const session = { sessionId: 'session-2', link: 'https://rc.test/session-2' };

  it('starts one once the diagnosis chose it', () => {
    expect(decideRemoteSessionStart(state, diagnosed, ada, session)).toEqual([
      { type: 'RemoteSessionStarted', data: session },
    ]);
  });

  it('refuses without that outcome, or while another one is open', () => {
    expect(() => decideRemoteSessionStart(state, UNTOUCHED_CASE, ada, session)).toThrow(
      'needs the diagnosis outcome remote-session',
    );
    expect(() => decideRemoteSessionStart(state, open, ada, session)).toThrow(
      'remote session session-1 is still open',
    );
  });

  it('ends the open session only', () => {
    expect(
      decideRemoteSessionEnd(state, open, ada, { sessionId: 'session-1', notes: null }),
    ).toEqual([{ type: 'RemoteSessionEnded', data: { sessionId: 'session-1', notes: null } }]);
    expect(() =>
      decideRemoteSessionEnd(state, open, ada, { sessionId: 'session-0', notes: null }),
    ).toThrow('remote session session-0 is not the open one');
    expect(() =>
      decideRemoteSessionEnd(state, diagnosed, ada, { sessionId: 'session-1', notes: 'x' }),
    ).toThrow('no remote session is open');
  });
});
