import { RemoteSessionStartedV1, TicketEventDraft } from '@helpdesk/ticket-events';
import { TicketLifecycle, TicketStateError } from '@helpdesk/ticket-lifecycle';
import { ActingTechnician, Level2Case, assertWorkedBy } from './level2-case';

export const DEFAULT_REMOTE_SESSION_URL_TEMPLATE =
  'https://remote.example.com/session/{sessionId}?ticket={ticketId}';

const PLACEHOLDER = /\{([^{}]*)\}/g;
const KNOWN_PLACEHOLDERS = new Set(['sessionId', 'ticketId']);
/** As long as the longest ids we put in a link (UUIDs). */
const SAMPLE_ID = '00000000-0000-0000-0000-000000000000';

export interface RemoteSessionIds {
  readonly sessionId: string;
  readonly ticketId: string;
}

/** The link of a session: `{sessionId}` and `{ticketId}` of the template, URL-encoded. */
export function remoteSessionLink(template: string, ids: RemoteSessionIds): string {
  return template.replace(PLACEHOLDER, (placeholder, name: string) =>
    name === 'sessionId' || name === 'ticketId' ? encodeURIComponent(ids[name]) : placeholder,
  );
}

/**
 * What is wrong with a link template, or undefined: it must name `{sessionId}` (one link per
 * session), know no other placeholder, and give an http(s) URL the event contract accepts.
 */
export function remoteSessionTemplateProblem(template: string): string | undefined {
  const names = [...template.matchAll(PLACEHOLDER)].map((match) => match[1] ?? '');
  const unknown = names.filter((name) => !KNOWN_PLACEHOLDERS.has(name));
  if (unknown.length > 0) {
    return `unknown placeholder ${unknown.map((name) => `{${name}}`).join(', ')}; use {sessionId} and {ticketId}`;
  }
  if (!names.includes('sessionId')) return 'must contain {sessionId}';
  const sample = remoteSessionLink(template, { sessionId: SAMPLE_ID, ticketId: SAMPLE_ID });
  let url: URL;
  try {
    url = new URL(sample);
  } catch {
    return `must give an absolute URL, got ${sample}`;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return `must give an http(s) URL, got ${url.protocol}`;
  }
  const accepted = RemoteSessionStartedV1.data.shape.link.safeParse(sample);
  if (!accepted.success) {
    return `gives links the RemoteSessionStarted event refuses: ${accepted.error.issues[0]?.message ?? 'invalid'}`;
  }
  return undefined;
}

/** Remote control of the user's computer, once the diagnosis chose it; one session at a time. */
export function decideRemoteSessionStart(
  state: TicketLifecycle,
  file: Level2Case,
  technician: ActingTechnician,
  session: { readonly sessionId: string; readonly link: string },
): TicketEventDraft[] {
  assertWorkedBy(state, technician);
  if (file.outcome !== 'remote-session') {
    throw new TicketStateError(
      `a remote session needs the diagnosis outcome remote-session; ticket ${state.ticketId} has ${file.outcome ?? 'no diagnosis yet'}`,
    );
  }
  if (file.openRemoteSession) {
    throw new TicketStateError(
      `remote session ${file.openRemoteSession} is still open on ticket ${state.ticketId}: end it first`,
    );
  }
  return [
    {
      type: 'RemoteSessionStarted',
      data: { sessionId: session.sessionId, link: session.link },
    } satisfies TicketEventDraft<'RemoteSessionStarted'>,
  ];
}

/** Ends the open session, and only that one. */
export function decideRemoteSessionEnd(
  state: TicketLifecycle,
  file: Level2Case,
  technician: ActingTechnician,
  input: { readonly sessionId: string; readonly notes: string | null },
): TicketEventDraft[] {
  assertWorkedBy(state, technician);
  if (!file.openRemoteSession) {
    throw new TicketStateError(`no remote session is open on ticket ${state.ticketId}`);
  }
  if (file.openRemoteSession !== input.sessionId) {
    throw new TicketStateError(
      `remote session ${input.sessionId} is not the open one on ticket ${state.ticketId} (${file.openRemoteSession} is)`,
    );
  }
  return [
    {
      type: 'RemoteSessionEnded',
      data: { sessionId: input.sessionId, notes: input.notes },
    } satisfies TicketEventDraft<'RemoteSessionEnded'>,
  ];
}
