import { Viewer } from '@helpdesk/event-log-nest';
import { reasonForm, resolveForm, takeForm, tierMayAct, tierTicketPage } from '@helpdesk/tier-desk';
import { SafeHtml, html } from '@helpdesk/web-ui';
import { UNQUALIFIED_DOMAIN } from '../domain/level3-decisions';
import { Level3TicketView } from '../read-model/level3.views';
import { LEVEL3_AREA } from './level3-dashboard.area';

export interface Level3TicketPageOptions {
  viewer: Viewer;
  ticket: Level3TicketView;
  /** The viewer's domains; null when they are not a registered specialist. */
  skills: readonly string[] | null;
  now: Date;
}

/**
 * A ticket at level 3: its domain, why level 2 escalated it and what it found, the timeline,
 * and the level 3 actions that make sense now (the commands enforce the rules, skills included).
 */
export function level3TicketPage(options: Level3TicketPageOptions): SafeHtml {
  const { viewer, ticket, now } = options;
  const domain = ticket.domain ?? UNQUALIFIED_DOMAIN;
  return tierTicketPage({
    viewer,
    area: LEVEL3_AREA,
    level: 'L3',
    ticket,
    now,
    facts: [['Domain', html`<strong data-domain>${domain}</strong>`]],
    panels: html`<section class="panel" id="ticket-level2" data-live-region>
      <h2>What level 2 found</h2>
      ${
        ticket.level2Diagnosis
          ? html`<dl class="facts">
              <dt>Outcome</dt>
              <dd>${ticket.level2Outcome}</dd>
              <dt>Diagnosis</dt>
              <dd class="description">${ticket.level2Diagnosis}</dd>
            </dl>`
          : html`<p class="muted">No diagnosis from level 2.</p>`
      }
    </section>`,
    actions: tierMayAct('L3', ticket) ? actions(options, domain) : [],
  });
}

function actions({ viewer, ticket, skills }: Level3TicketPageOptions, domain: string): SafeHtml[] {
  const { ticketId } = ticket;
  const csrfToken = viewer.csrfToken;
  const me = viewer.technician;
  const forms: SafeHtml[] = [];
  if (ticket.assignee !== me.id) {
    forms.push(
      takeForm({
        ticketId,
        csrfToken,
        assignee: ticket.assignee,
        hint: skillHint(me, skills, domain),
      }),
    );
  }
  if (me.supervisor || ticket.assignee === me.id) forms.push(resolveForm({ ticketId, csrfToken }));
  forms.push(
    reasonForm({
      ticketId,
      csrfToken,
      action: 'hand-back',
      title: 'Hand back to level 2',
      submit: 'Hand back to level 2',
      hint: 'Misqualified, or level 2 can finish it with what you found.',
    }),
  );
  return forms;
}

/** What the technician should know before taking it: the skill the ticket's queue needs. */
function skillHint(
  me: Viewer['technician'],
  skills: readonly string[] | null,
  domain: string,
): string | undefined {
  if (me.supervisor) return undefined;
  if (skills === null) return `Needs a specialist in ${domain}: you are not registered as one.`;
  if (!skills.includes(domain)) {
    return `Needs a specialist in ${domain}: you specialise in ${skills.join(', ') || 'nothing yet'}.`;
  }
  return undefined;
}
