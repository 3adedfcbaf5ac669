import { SafeHtml, html, page } from '@helpdesk/web-ui';
import { SupportLevel } from '@helpdesk/ticket-events';
import { Viewer } from '@helpdesk/event-log-nest';

export const LEVEL1_AREA = { name: 'Level 1 · Triage', href: '/dashboard' } as const;
export const KNOWLEDGE_BASE_PATH = '/dashboard/knowledge-base';

export const ticketPath = (ticketId: string) => `/dashboard/tickets/${ticketId}`;

export const OWNER_NAMES: Record<SupportLevel, string> = {
  L1: 'Level 1 (front line)',
  L2: 'Level 2 (back office)',
  L3: 'Level 3 (specialists)',
};

/** A page of the level-1 dashboard: the shared shell, the viewer's top bar, live updates. */
export function level1Page(
  viewer: Viewer,
  options: {
    title: string;
    body: SafeHtml;
    /** Refresh the live regions on any ticket change, or only on this ticket's. */
    live?: { ticketId?: string };
    section?: 'knowledge-base';
  },
): SafeHtml {
  return page({
    title: options.title,
    area: LEVEL1_AREA,
    nav: [
      // One current link: the knowledge base is a section of the level 1 dashboard.
      ...viewer.dashboards.map((link) =>
        options.section === 'knowledge-base' ? { ...link, current: false } : link,
      ),
      {
        label: 'Knowledge base',
        href: KNOWLEDGE_BASE_PATH,
        current: options.section === 'knowledge-base',
      },
    ],
    user: viewer.user,
    csrfToken: viewer.csrfToken,
    flash: viewer.flash,
    liveUpdates: options.live && { url: '/dashboard/live', ticketId: options.live.ticketId },
    body: options.body,
  });
}

/** The knowledge-base search box ("/" focuses it); from a ticket, the results can resolve it. */
export function knowledgeBaseSearch(options: { q?: string; ticketId?: string }): SafeHtml {
  return html`<form class="filters" method="get" action="${KNOWLEDGE_BASE_PATH}" role="search">
    <div>
      <label for="kb-search">Search the knowledge base</label>
      <input
        id="kb-search"
        name="q"
        type="search"
        value="${options.q}"
        maxlength="200"
        placeholder="vpn timeout, printer offline…"
        data-search
      />
    </div>
    ${options.ticketId && html`<input type="hidden" name="ticket" value="${options.ticketId}" />`}
    <div><button type="submit" class="button button-secondary">Search</button></div>
  </form>`;
}
