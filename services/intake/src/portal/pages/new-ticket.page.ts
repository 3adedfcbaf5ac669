import { SafeHtml, html, selectField, textArea, textField } from '@helpdesk/web-ui';
import { ContactGuideCategory } from '../../application/contact-guide-category.entity';
import {
  FieldError,
  IMPACT_CHOICES,
  LIMITS,
  NewTicketValues,
  URGENCY_CHOICES,
  answerField,
} from '../new-ticket-form';
import { fieldErrors, portalPage } from './portal-page';

export interface NewTicketPageOptions {
  category: ContactGuideCategory;
  values: NewTicketValues;
  errors: readonly FieldError[];
  csrfToken: string;
  /** The form's own id: a second submit of the same form makes no second ticket. */
  formId: string;
}

/** Problems that belong to no single field (an expired form, a refusal of the whole request). */
export const FORM_FIELD = 'form';

/**
 * The contact guide's form for one category: the guiding questions are the form's questions,
 * what to have at hand is beside it.
 */
export function newTicketPage(options: NewTicketPageOptions): SafeHtml {
  const { category, values, errors } = options;
  const errorsOf = (field: string) => fieldErrors(errors, field);
  return portalPage({
    title: `New ticket · ${category.name}`,
    csrfToken: options.csrfToken,
    body: html`<div class="page-head">
        <div>
          <h1>${category.name}</h1>
          <p class="muted">${category.description}</p>
        </div>
        <a href="/portal">Choose another category</a>
      </div>
      ${errors.length > 0 && errorSummary(errors)}
      <div class="columns">
        <form class="panel" method="post" action="/portal/tickets">
          <input type="hidden" name="_csrf" value="${options.csrfToken}" />
          <input type="hidden" name="nonce" value="${options.formId}" />
          <input type="hidden" name="category" value="${category.id}" />
          <h2>About you</h2>
          ${textField({
            name: 'name',
            label: 'Your name',
            value: values.name,
            required: true,
            maxLength: LIMITS.name,
          })}
          ${errorsOf('name')}
          ${textField({
            name: 'email',
            label: 'Your email',
            type: 'email',
            value: values.email,
            required: true,
            maxLength: LIMITS.email,
            hint: 'IT support answers you there.',
          })}
          ${errorsOf('email')}
          ${textField({
            name: 'phone',
            label: 'Your phone number (optional)',
            type: 'tel',
            autocomplete: 'tel',
            value: values.phone,
            maxLength: LIMITS.phone,
            hint: 'If a call back suits you better than an email.',
          })}
          ${errorsOf('phone')}
          <h2 class="form-section">Your problem</h2>
          ${textField({
            name: 'summary',
            label: 'Summary',
            value: values.summary,
            required: true,
            maxLength: LIMITS.summary,
            hint: 'In one sentence, e.g. "The VPN drops every five minutes".',
          })}
          ${errorsOf('summary')}
          ${category.questions.map(
            (question, index) =>
              html`${textArea({
                name: answerField(index),
                label: question,
                value: values.answers[index],
                maxLength: LIMITS.answer,
                rows: 2,
              })}
              ${errorsOf(answerField(index))}`,
          )}
          ${textArea({
            name: 'details',
            label: 'Further details',
            value: values.details,
            maxLength: LIMITS.details,
            rows: 4,
            hint: 'Anything else that helps: what you tried, error messages, since when.',
          })}
          ${errorsOf('details')}
          ${selectField({
            name: 'impact',
            label: 'Who is affected?',
            value: values.impact,
            required: true,
            blank: 'Choose…',
            options: IMPACT_CHOICES,
          })}
          ${errorsOf('impact')}
          ${selectField({
            name: 'urgency',
            label: 'How urgent is it?',
            value: values.urgency,
            required: true,
            blank: 'Choose…',
            options: URGENCY_CHOICES,
          })}
          ${errorsOf('urgency')}
          <button type="submit" class="button">Submit the ticket</button>
        </form>
        <aside class="panel" aria-labelledby="have-at-hand">
          <h2 id="have-at-hand">Have at hand</h2>
          <ul>
            ${category.haveAtHand.map((item) => html`<li>${item}</li>`)}
          </ul>
          <p class="muted">
            Answer the questions you can; the more IT support knows, the sooner it can help. Never
            write a password.
          </p>
        </aside>
      </div>`,
  });
}

/** The problems on top of the form, each linking to its field. */
function errorSummary(errors: readonly FieldError[]): SafeHtml {
  return html`<div class="flash flash-error" role="alert">
    <strong>Please check your request:</strong>
    <ul>
      ${errors.map((error) =>
        error.field === FORM_FIELD
          ? html`<li>${error.message}</li>`
          : html`<li><a href="#field-${error.field}">${error.message}</a></li>`,
      )}
    </ul>
  </div>`;
}
