import { barChart } from './bar-chart';

const widths = (markup: string) =>
  [...markup.matchAll(/<rect\s[^>]*width="([\d.]+)"\s+height="18"/g)].map((match) =>
    Number(match[1]),
  );

describe('barChart', () => {
  it('draws each bar in proportion to the largest, or to the given full value', () => {
    const bars = [
      { label: 'Level 1', values: [4], text: '4' },
      { label: 'Level 2', values: [1], text: '1' },
      { label: 'Level 3', values: [0], text: '0' },
    ];

    expect(widths(barChart({ id: 'c', title: 'Open', bars }).markup)).toEqual([340, 85]);
    expect(widths(barChart({ id: 'c', title: 'Rates', bars, max: 8 }).markup)).toEqual([170, 42.5]);
  });

  it('stacks the parts of a bar in the order of the series, with a legend', () => {
    const markup = barChart({
      id: 'c',
      title: 'By age',
      series: [
        { label: 'young', color: '#111111' },
        { label: 'old', color: '#222222' },
      ],
      bars: [{ label: 'Level 1', values: [1, 3], text: '4' }],
    }).markup;

    expect(markup).toMatch(/x="200.0"[^>]*width="85.0"[^>]*fill="#111111"/);
    expect(markup).toMatch(/x="285.0"[^>]*width="255.0"[^>]*fill="#222222"/);
    expect(markup).toMatch(/<text[^>]*>young<\/text/);
  });

  it('escapes labels and shortens a long one, keeping the whole of it as a tooltip', () => {
    const label = '<b>Gold</b> "24x7" support for the whole headquarters';
    const markup = barChart({
      id: 'c',
      title: 'Breaches',
      bars: [{ label, values: [1], text: '1' }],
    }).markup;

    expect(markup).not.toContain('<b>');
    expect(markup).toContain(
      '<title>&lt;b&gt;Gold&lt;/b&gt; &quot;24x7&quot; support for the whole headquarters</title>',
    );
    expect(markup).toContain('&lt;b&gt;Gold&lt;/b&gt; &quot;24x7&quot; supp…');
  });
});
