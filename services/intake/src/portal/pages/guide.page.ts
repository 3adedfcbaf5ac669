import { SafeHtml, html } from '@helpdesk/web-ui';
import { ContactGuideCategory } from '../../application/contact-guide-category.entity';
import { portalPage } from './portal-page';

/** The portal's front page: the contact guide's categories, one choice each. */
export function guidePage(categories: readonly ContactGuideCategory[]): SafeHtml {
  return portalPage({
    title: 'How can we help?',
    body: html`<div class="page-head">
        <div>
          <h1>How can we help?</h1>
          <p class="muted">
            Choose what your problem is about. A few questions then help you describe it, so that IT
            support can solve it quickly.
          </p>
        </div>
      </div>
      <div class="columns">
        <ul class="choices" aria-label="What is your problem about?">
          ${categories.map(
            (category) =>
              html`<li>
                <a
                  href="/portal/new?category=${encodeURIComponent(category.id)}"
                  data-category="${category.id}"
                >
                  <strong>${category.name}</strong>
                  <span class="muted">${category.description}</span>
                </a>
              </li>`,
          )}
        </ul>
        <aside class="panel" aria-labelledby="track-a-ticket">
          <h2 id="track-a-ticket">Track a ticket</h2>
          <p>
            Once you have submitted a ticket you get a tracking link. Keep it (bookmark the page):
            it is how you follow your ticket, answer IT support's questions and confirm that the
            problem is solved.
          </p>
        </aside>
      </div>`,
  });
}
