import { SafeHtml, html } from '@helpdesk/web-ui';
import { Viewer } from '@helpdesk/event-log-nest';
import { KnowledgeArticle } from '../read-model/knowledge-base/knowledge-articles';
import { TicketView } from '../read-model/level1-queue.queries';
import { knowledgeBaseSearch, level1Page, ticketPath } from './level1-page';
import { resolveWithArticle, workableAtLevel1 } from './ticket.page';

export interface KnowledgeBasePageOptions {
  viewer: Viewer;
  q?: string;
  /** `any`: no article had every word, these have some. */
  match: 'all' | 'any';
  articles: readonly KnowledgeArticle[];
  /** The ticket the search started from: its articles can resolve it. */
  ticket?: TicketView;
}

/** The guide of solutions to the most frequent problems: search, read out, resolve with it. */
export function knowledgeBasePage(options: KnowledgeBasePageOptions): SafeHtml {
  const { viewer, q, ticket, articles } = options;
  const resolvable = ticket && workableAtLevel1(ticket) ? ticket : undefined;
  return level1Page(viewer, {
    title: q ? `Knowledge base: ${q}` : 'Knowledge base',
    section: 'knowledge-base',
    body: html`<div class="page-head">
        <div>
          <h1>Knowledge base</h1>
          ${
            ticket &&
            html`<p class="muted">
              For the ticket
              <a href="${ticketPath(ticket.ticketId)}" data-for-ticket="${ticket.ticketId}"
                >${ticket.summary}</a
              >
            </p>`
          }
        </div>
        ${knowledgeBaseSearch({ q, ticketId: ticket?.ticketId })}
      </div>
      <section class="panel" id="knowledge-base-results" aria-label="Articles">
        <p class="muted">
          ${
            !q
              ? 'Every article, by title.'
              : articles.length === 0
                ? html`No article matches <strong>${q}</strong>.`
                : options.match === 'any'
                  ? html`No article has every word of <strong>${q}</strong>; these have some of
                      them.`
                  : html`Articles matching <strong>${q}</strong>, best match first.`
          }
        </p>
        ${articles.map(
          (article) =>
            html`<article class="article" data-article-id="${article.id}">
              <h2>${article.title}</h2>
              <p><small>${article.id} · ${article.tags.join(', ')}</small></p>
              <h3>Symptoms</h3>
              <p class="description">${article.symptoms}</p>
              <h3>Solution</h3>
              <div class="description">${article.solution}</div>
              ${resolvable && resolveWithArticle(resolvable.ticketId, article.id, viewer.csrfToken)}
            </article>`,
        )}
      </section>`,
  });
}
