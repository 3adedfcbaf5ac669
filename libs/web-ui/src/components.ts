import { HtmlValue, SafeHtml, html } from './html';

export type Tone = 'neutral' | 'info' | 'success' | 'warning' | 'danger';

export function badge(text: string, tone: Tone = 'neutral'): SafeHtml {
  return html`<span class="badge badge-${tone}">${text}</span>`;
}

/**
 * A phone number as a `tel:` link (the href keeps its digits and `+`), escaped like all text;
 * nothing for null.
 */
export function phoneLink(phone: string | null): SafeHtml | undefined {
  if (phone === null) return undefined;
  return html`<a href="tel:${phone.replace(/[^0-9+]/g, '')}">${phone}</a>`;
}

/** "5 min ago", with the exact time as its machine-readable value and tooltip. */
export function timeAgo(at: Date | string, now: Date = new Date()): SafeHtml {
  const date = typeof at === 'string' ? new Date(at) : at;
  const iso = date.toISOString();
  return html`<time datetime="${iso}" title="${iso.replace('T', ' ').slice(0, 19)} UTC"
    >${ageText(now.getTime() - date.getTime())}</time
  >`;
}

export function ageText(milliseconds: number): string {
  const minutes = Math.floor(Math.max(0, milliseconds) / 60_000);
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.floor(hours / 24)} days ago`;
}

export interface Column<Row> {
  header: string;
  cell: (row: Row) => HtmlValue;
  className?: string;
}

/**
 * A table of rows; each row links to `href(row)` (the first cell holds the link, and the
 * keyboard moves between rows with j/k).
 */
export function dataTable<Row>(options: {
  id: string;
  caption: string;
  columns: readonly Column<Row>[];
  rows: readonly Row[];
  href: (row: Row) => string;
  empty: string;
  /** Extra attributes of a row's `<tr>`, built with `html` (e.g. `data-ticket-id="${id}"`). */
  rowAttributes?: (row: Row) => SafeHtml;
}): SafeHtml {
  const { columns, rows } = options;
  return html`<table class="data-table" id="${options.id}">
    <caption class="visually-hidden">
      ${options.caption}
    </caption>
    <thead>
      <tr>
        ${columns.map((column) => html`<th scope="col" class="${column.className}">${column.header}</th>`)}
      </tr>
    </thead>
    <tbody>
      ${
        rows.length === 0
          ? html`<tr>
              <td colspan="${columns.length}" class="empty">${options.empty}</td>
            </tr>`
          : rows.map(
              (row) =>
                html`<tr data-row-link="${options.href(row)}" ${options.rowAttributes?.(row)}>
                  ${columns.map((column, index) =>
                    index === 0
                      ? html`<td class="${column.className}">
                          <a href="${options.href(row)}">${column.cell(row)}</a>
                        </td>`
                      : html`<td class="${column.className}">${column.cell(row)}</td>`,
                  )}
                </tr>`,
            )
      }
    </tbody>
  </table>`;
}

export interface TimelineItem {
  title: string;
  at: Date | string;
  who: string;
  /** Label and value pairs; values are text (escaped). */
  details?: readonly (readonly [string, HtmlValue])[];
}

/** A ticket's history, oldest first: what happened, who did it, when. */
export function timeline(items: readonly TimelineItem[], now: Date = new Date()): SafeHtml {
  return html`<ol class="timeline">
    ${items.map(
      (item) =>
        html`<li>
          <div class="timeline-head">
            <strong>${item.title}</strong>
            <span class="muted">${item.who} · ${timeAgo(item.at, now)}</span>
          </div>
          ${
            item.details &&
            item.details.length > 0 &&
            html`<dl class="details">
              ${item.details.map(
                ([label, value]) =>
                  html`<dt>${label}</dt>
                    <dd>${value}</dd>`,
              )}
            </dl>`
          }
        </li>`,
    )}
  </ol>`;
}

export interface Option {
  value: string;
  label: string;
}

export interface FieldOptions {
  name: string;
  /** The control's id when forms of one page share a field name; `field-<name>` by default. */
  id?: string;
  label: string;
  value?: string;
  required?: boolean;
  maxLength?: number;
  hint?: string;
}

export function textField(
  options: FieldOptions & {
    type?: 'text' | 'email' | 'tel' | 'password' | 'search';
    /** What the browser may fill in: `username`, `current-password`, `email`... */
    autocomplete?: string;
  },
): SafeHtml {
  const id = options.id ?? `field-${options.name}`;
  return html`<label for="${id}">${options.label}</label>
    <input
      id="${id}"
      name="${options.name}"
      type="${options.type ?? 'text'}"
      value="${options.value}"
      ${options.autocomplete && html`autocomplete="${options.autocomplete}"`}
      ${options.required && html`required`}
      ${options.maxLength && html`maxlength="${options.maxLength}"`}
    />
    ${options.hint && html`<small class="hint">${options.hint}</small>`}`;
}

export function textArea(options: FieldOptions & { rows?: number }): SafeHtml {
  const id = options.id ?? `field-${options.name}`;
  return html`<label for="${id}">${options.label}</label>
    <textarea
      id="${id}"
      name="${options.name}"
      rows="${options.rows ?? 3}"
      ${options.required && html`required`}
      ${options.maxLength && html`maxlength="${options.maxLength}"`}
    >
${options.value}</textarea>
    ${options.hint && html`<small class="hint">${options.hint}</small>`}`;
}

export function selectField(
  options: FieldOptions & { options: readonly Option[]; blank?: string },
): SafeHtml {
  const id = options.id ?? `field-${options.name}`;
  return html`<label for="${id}">${options.label}</label>
    <select id="${id}" name="${options.name}" ${options.required && html`required`}>
      ${options.blank !== undefined && html`<option value="">${options.blank}</option>`}
      ${options.options.map(
        (option) =>
          html`<option value="${option.value}" ${option.value === options.value && html`selected`}>
            ${option.label}
          </option>`,
      )}
    </select>`;
}

/** A form posting one action; its fields and the CSRF token go inside. */
export function actionForm(options: {
  action: string;
  title: string;
  csrfToken: string;
  submit: string;
  fields?: HtmlValue;
  tone?: 'primary' | 'secondary' | 'danger';
}): SafeHtml {
  return html`<form class="action" method="post" action="${options.action}">
    <h3>${options.title}</h3>
    <input type="hidden" name="_csrf" value="${options.csrfToken}" />
    ${options.fields}
    <button type="submit" class="button button-${options.tone ?? 'primary'}">
      ${options.submit}
    </button>
  </form>`;
}
