import { SafeHtml, html } from './html';

describe('html', () => {
  it('escapes ticket text so that a payload shows as text', () => {
    const summary = '<script>alert(1)</script><img src=x onerror="alert(2)">';

    expect(html`<h1>${summary}</h1>`.markup).toBe(
      '<h1>&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=&quot;alert(2)&quot;&gt;</h1>',
    );
  });

  it('escapes quotes, so text cannot leave an attribute', () => {
    expect(html`<input value="${`" autofocus onfocus='x`}" />`.markup).toBe(
      '<input value="&quot; autofocus onfocus=&#39;x" />',
    );
  });

  it('keeps nested markup and joins lists', () => {
    const items = ['a<b', 'c'].map((item) => html`<li>${item}</li>`);

    const list = html`<ul>
      ${items}
    </ul>`;

    expect(list).toBeInstanceOf(SafeHtml);
    expect(list.markup.replace(/\s+/g, '')).toBe('<ul><li>a&lt;b</li><li>c</li></ul>');
  });

  it('renders nothing for false, null and undefined, and numbers as text', () => {
    expect(html`${false}${null}${undefined}${0}${true}`.markup).toBe('0true');
  });
});
