import { SafeHtml, html, page, textField } from '@helpdesk/web-ui';

export interface SignInPageOptions {
  csrfToken: string;
  next?: string;
  username?: string;
  error?: string;
}

export function signInPage(options: SignInPageOptions): SafeHtml {
  return page({
    title: 'Sign in',
    area: { name: 'Helpdesk', href: '/portal' },
    flash: options.error ? { kind: 'error', text: options.error } : undefined,
    body: html`<section class="panel narrow">
      <h1>Technician sign-in</h1>
      <p class="muted">One sign-in opens your tier's dashboard; supervisors see all three.</p>
      <form method="post" action="/sign-in">
        <input type="hidden" name="_csrf" value="${options.csrfToken}" />
        <input type="hidden" name="next" value="${options.next}" />
        ${textField({
          name: 'username',
          label: 'Username',
          value: options.username,
          required: true,
          maxLength: 100,
          autocomplete: 'username',
        })}
        ${textField({
          name: 'password',
          label: 'Password',
          type: 'password',
          autocomplete: 'current-password',
          required: true,
          maxLength: 200,
        })}
        <button type="submit" class="button">Sign in</button>
      </form>
      <p class="muted">
        Need help as an employee? <a href="/portal">Open the self-service portal</a>.
      </p>
    </section>`,
  });
}
