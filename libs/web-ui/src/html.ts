import escapeHtml from 'escape-html';

/** Markup that is already safe to send: built by `html` from escaped parts, never from raw input. */
export class SafeHtml {
  constructor(readonly markup: string) {}

  toString(): string {
    return this.markup;
  }
}

/** What may stand in a `${}` of `html`: text is escaped, SafeHtml is kept, lists are joined. */
export type HtmlValue =
  SafeHtml | string | number | boolean | null | undefined | readonly HtmlValue[];

/**
 * The only way the services build HTML: every interpolated value is escaped unless it is itself
 * SafeHtml, so ticket text typed by anyone can never become markup. `false`, `null` and
 * `undefined` render nothing, which keeps conditionals short (`${cond && html`...`}`).
 */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let markup = strings[0] ?? '';
  values.forEach((value, index) => {
    markup += render(value) + (strings[index + 1] ?? '');
  });
  return new SafeHtml(markup);
}

function render(value: HtmlValue): string {
  if (value instanceof SafeHtml) return value.markup;
  if (Array.isArray(value)) return value.map(render).join('');
  if (value === null || value === undefined || value === false) return '';
  return escapeHtml(String(value));
}
