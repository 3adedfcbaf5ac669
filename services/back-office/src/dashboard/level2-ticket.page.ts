import { Viewer } from '@helpdesk/event-log-nest';
import {
  fieldId,
  reasonForm,
  resolveForm,
  takeForm,
  ticketActionPath,
  tierMayAct,
  tierTicketPage,
} from '@helpdesk/tier-desk';
import {
  SafeHtml,
  actionForm,
  badge,
  html,
  selectField,
  textArea,
  timeAgo,
} from '@helpdesk/web-ui';
import { DIAGNOSIS_OUTCOMES } from '../domain/level2-case';
import { isHardwareReturnUnderway, nextHardwareReturnSteps } from '../domain/hardware-return';
import { Level2TicketView, RemoteSessionView } from '../read-model/level2.views';
import { LEVEL2_AREA, OUTCOME_LABELS, RMA_STEP_LABELS } from './level2-dashboard.area';

export interface Level2TicketPageOptions {
  viewer: Viewer;
  ticket: Level2TicketView;
  /** The domains level 3 has queues for (SPECIALIST_DOMAINS). */
  specialistDomains: readonly string[];
  now: Date;
}

/**
 * A ticket at level 2: what level 1 said, the diagnosis and what followed (an open remote
 * session on top), the timeline, and the level 2 actions that make sense now. The commands
 * enforce the rules; the page only leaves out what they would refuse anyway.
 */
export function level2TicketPage(options: Level2TicketPageOptions): SafeHtml {
  const { viewer, ticket, now } = options;
  const session = ticket.remoteSession?.state === 'open' ? ticket.remoteSession : null;
  return tierTicketPage({
    viewer,
    area: LEVEL2_AREA,
    level: 'L2',
    ticket,
    now,
    alert: session && openSessionAlert(session, now),
    panels: workPanel(ticket, now),
    actions: tierMayAct('L2', ticket) ? actions(options, session) : [],
  });
}

/** A remote session's link, as a link only when it is http(s) (the log is not ours alone). */
function sessionLink(session: RemoteSessionView, label: string): SafeHtml {
  const web = /^https?:\/\//i.test(session.link);
  return web
    ? html`<a href="${session.link}" target="_blank" rel="noopener noreferrer" data-session-link
        >${label}</a
      >`
    : html`<code>${session.link}</code>`;
}

function openSessionAlert(session: RemoteSessionView, now: Date): SafeHtml {
  return html`<section class="panel session-open" role="status" aria-label="Remote session">
    <h2>${badge('Remote session open', 'warning')} since ${timeAgo(session.startedAt, now)}</h2>
    <p>${sessionLink(session, 'Open the remote session')} · <small>${session.link}</small></p>
    <p class="muted">End it before you resolve, escalate or send the ticket back.</p>
  </section>`;
}

function workPanel(ticket: Level2TicketView, now: Date): SafeHtml {
  const { diagnosis, hardwareReturn, remoteSession } = ticket;
  return html`<section class="panel" id="ticket-work" data-live-region>
    <h2>Level 2 work</h2>
    ${
      diagnosis
        ? html`<dl class="facts">
            <dt>Outcome</dt>
            <dd>${OUTCOME_LABELS[diagnosis.outcome]} · ${timeAgo(diagnosis.diagnosedAt, now)}</dd>
            <dt>Diagnosis</dt>
            <dd class="description">${diagnosis.diagnosis}</dd>
            ${
              hardwareReturn &&
              html`<dt>Hardware return</dt>
                <dd>
                  <strong>${hardwareReturn.rmaNumber}</strong> · ${hardwareReturn.step} ·
                  ${timeAgo(hardwareReturn.updatedAt, now)}
                </dd>`
            }
            ${
              remoteSession &&
              html`<dt>Remote session</dt>
                <dd>
                  ${
                    remoteSession.state === 'open'
                      ? badge('open', 'warning')
                      : html`ended ${remoteSession.endedAt && timeAgo(remoteSession.endedAt, now)}`
                  }
                  · ${sessionLink(remoteSession, 'link')}
                </dd>`
            }
          </dl>`
        : html`<p class="muted">Not diagnosed yet.</p>`
    }
  </section>`;
}

function actions(
  { viewer, ticket, specialistDomains }: Level2TicketPageOptions,
  session: RemoteSessionView | null,
): SafeHtml[] {
  const { ticketId } = ticket;
  const csrfToken = viewer.csrfToken;
  const me = viewer.technician;
  /** Who does the work: the technician who took it, or a supervisor. */
  const working = me.supervisor || ticket.assignee === me.id;
  const outcome = ticket.diagnosis?.outcome ?? null;
  const forms: SafeHtml[] = [];

  if (ticket.assignee !== me.id) {
    forms.push(takeForm({ ticketId, csrfToken, assignee: ticket.assignee }));
  }
  if (working && session) {
    forms.push(
      actionForm({
        action: ticketActionPath(ticketId, `remote-sessions/${session.sessionId}/end`),
        title: 'End remote session',
        csrfToken,
        submit: 'End remote session',
        fields: textArea({
          name: 'notes',
          id: fieldId('end-session', 'notes'),
          label: 'What was done',
          maxLength: 10_000,
        }),
      }),
    );
  }
  if (working && !session && !isHardwareReturnUnderway(ticket.hardwareReturn)) {
    forms.push(
      actionForm({
        action: ticketActionPath(ticketId, 'diagnosis'),
        title: ticket.diagnosis ? 'Revise the diagnosis' : 'Record diagnosis',
        csrfToken,
        submit: 'Record diagnosis',
        fields: html`${textArea({
          name: 'diagnosis',
          id: fieldId('diagnosis', 'diagnosis'),
          label: 'Where the problem comes from',
          required: true,
          maxLength: 10_000,
          rows: 4,
        })}
        ${selectField({
          name: 'outcome',
          id: fieldId('diagnosis', 'outcome'),
          label: 'What follows',
          required: true,
          value: outcome ?? undefined,
          blank: 'choose…',
          options: DIAGNOSIS_OUTCOMES.map((value) => ({ value, label: OUTCOME_LABELS[value] })),
        })}`,
      }),
    );
  }
  if (working && outcome === 'hardware-return') {
    const current = ticket.hardwareReturn;
    forms.push(
      actionForm({
        action: ticketActionPath(ticketId, 'hardware-return'),
        title: 'Record RMA step',
        csrfToken,
        submit: 'Record RMA step',
        fields: html`<p>
            RMA number:
            ${
              current && isHardwareReturnUnderway(current)
                ? html`<strong data-rma-number>${current.rmaNumber}</strong> (${current.step})`
                : html`<span class="muted">given when the return is requested</span>`
            }
          </p>
          ${selectField({
            name: 'step',
            id: fieldId('hardware-return', 'step'),
            label: 'Step',
            required: true,
            options: nextHardwareReturnSteps(current).map((value) => ({
              value,
              label: RMA_STEP_LABELS[value],
            })),
          })}
          ${textArea({
            name: 'note',
            id: fieldId('hardware-return', 'note'),
            label: 'Note',
            maxLength: 5_000,
            hint: 'Optional: serial number, carrier, tracking…',
          })}`,
      }),
    );
  }
  if (working && outcome === 'phone-guidance') {
    forms.push(
      actionForm({
        action: ticketActionPath(ticketId, 'phone-guidance'),
        title: 'Note phone guidance',
        csrfToken,
        submit: 'Note phone guidance',
        fields: textArea({
          name: 'notes',
          id: fieldId('phone-guidance', 'notes'),
          label: 'How the user was walked through the fix',
          required: true,
          maxLength: 10_000,
          rows: 4,
        }),
      }),
    );
  }
  if (working && outcome === 'remote-session' && !session) {
    forms.push(
      actionForm({
        action: ticketActionPath(ticketId, 'remote-sessions'),
        title: "Take remote control of the user's computer",
        csrfToken,
        submit: 'Start remote session',
      }),
    );
  }
  if (session) {
    if (!working) {
      forms.push(
        html`<p class="muted">
          A remote session is open: ${ticket.assignee ?? 'its technician'} ends it first.
        </p>`,
      );
    }
    return forms;
  }
  if (working) forms.push(resolveForm({ ticketId, csrfToken }));
  forms.push(
    reasonForm({
      ticketId,
      csrfToken,
      action: 'escalate',
      title: 'Escalate to level 3',
      submit: 'Escalate to level 3',
      hint: 'What level 2 found and why a specialist is needed.',
      fields: selectField({
        name: 'domain',
        id: fieldId('escalate', 'domain'),
        label: 'Domain',
        required: true,
        blank: 'choose the domain…',
        options: specialistDomains.map((domain) => ({ value: domain, label: domain })),
      }),
    }),
    reasonForm({
      ticketId,
      csrfToken,
      action: 'send-back',
      title: 'Send back to level 1',
      submit: 'Send back to level 1',
      hint: 'Why level 1 can handle it after all.',
    }),
  );
  return forms;
}
