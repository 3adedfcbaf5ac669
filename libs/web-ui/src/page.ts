import { SafeHtml, html } from './html';

export interface NavLink {
  label: string;
  href: string;
  current?: boolean;
}

export interface SignedInUser {
  name: string;
  /** "Level 1 technician", "Supervisor"... */
  role: string;
  /** Where the sign-out form posts (the serving service's own `/sign-out`). */
  signOutAction: string;
}

export interface Flash {
  kind: 'notice' | 'error';
  text: string;
}

export interface PageOptions {
  title: string;
  /** The product area shown left in the top bar, e.g. "Level 1 · Triage". */
  area: { name: string; href: string };
  nav?: readonly NavLink[];
  user?: SignedInUser;
  /** Bound to the session; every form of the page carries it. */
  csrfToken?: string;
  flash?: Flash;
  /** A server-sent events URL: the page's live regions refresh when it reports a change. */
  liveUpdates?: { url: string; ticketId?: string };
  body: SafeHtml;
}

/** The document every dashboard and portal page shares: top bar, flash message, main content. */
export function page(options: PageOptions): SafeHtml {
  const { user, liveUpdates } = options;
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        ${options.csrfToken && html`<meta name="csrf-token" content="${options.csrfToken}" />`}
        <title>${options.title} · Helpdesk</title>
        <link rel="icon" href="data:," />
        <link rel="stylesheet" href="/assets/helpdesk.css" />
        <script src="/assets/live.js" defer></script>
      </head>
      <body data-live-updates="${liveUpdates?.url}" data-live-ticket="${liveUpdates?.ticketId}">
        <a class="skip-link" href="#main">Skip to content</a>
        <header class="topbar">
          <a class="brand" href="${options.area.href}">${options.area.name}</a>
          <nav aria-label="Sections">
            ${(options.nav ?? []).map(
              (link) =>
                html`<a href="${link.href}" ${link.current && html`aria-current="page"`}
                  >${link.label}</a
                >`,
            )}
          </nav>
          ${
            liveUpdates &&
            html`<span class="live-status" data-live-status role="status" aria-live="polite"
              >connecting…</span
            >`
          }
          ${
            user &&
            html`<form class="user" method="post" action="${user.signOutAction}">
              <span><strong>${user.name}</strong> <small>${user.role}</small></span>
              ${csrfField(options.csrfToken)}
              <button type="submit" class="link">Sign out</button>
            </form>`
          }
        </header>
        <main id="main">
          ${
            options.flash &&
            html`<p
              class="flash flash-${options.flash.kind}"
              role="${options.flash.kind === 'error' ? 'alert' : 'status'}"
            >
              ${options.flash.text}
            </p>`
          }
          ${options.body}
        </main>
      </body>
    </html>`;
}

/** The hidden field that carries the CSRF token in a form. */
export function csrfField(token: string | undefined): SafeHtml {
  return html`${token && html`<input type="hidden" name="_csrf" value="${token}" />`}`;
}

/** A whole page for a refusal or a failure, with a way back. */
export function messagePage(options: {
  title: string;
  message: string;
  link?: { label: string; href: string };
  area?: PageOptions['area'];
}): SafeHtml {
  return page({
    title: options.title,
    area: options.area ?? { name: 'Helpdesk', href: '/' },
    body: html`<section class="panel narrow">
      <h1>${options.title}</h1>
      <p>${options.message}</p>
      ${options.link && html`<p><a class="button" href="${options.link.href}">${options.link.label}</a></p>`}
    </section>`,
  });
}
