import { SafeHtml, html } from '@helpdesk/web-ui';

export interface ChartSeries {
  label: string;
  color: string;
}

export interface ChartBar {
  label: string;
  /** The bar's parts, one per series, in the order of the series (stacked left to right). */
  values: readonly number[];
  /** Written after the bar: "3", "40 %", "1 h 10 min". */
  text: string;
}

const WIDTH = 640;
const LABEL_WIDTH = 200;
const TEXT_WIDTH = 100;
const BAR_AREA = WIDTH - LABEL_WIDTH - TEXT_WIDTH;
const ROW = 30;
const BAR = 18;
const LEGEND = 28;
const LABEL_CHARACTERS = 24;
const INK = '#1d2330';
const ACCENT = '#2457c5';

/**
 * A horizontal bar chart as inline SVG, drawn on the server: no script, no chart library.
 * Labels and texts are escaped like any value of `html` (a label may come from an event, such
 * as an SLA policy's name); a long label is shortened, the whole of it stays in a tooltip.
 * `max` is the value of a full bar (1 for rates); by default the largest bar fills the width.
 */
export function barChart(options: {
  id: string;
  title: string;
  bars: readonly ChartBar[];
  series?: readonly ChartSeries[];
  max?: number;
}): SafeHtml {
  const series = options.series ?? [{ label: options.title, color: ACCENT }];
  const legend = series.length > 1;
  const top = legend ? LEGEND : 0;
  const largest = Math.max(0, ...options.bars.map((bar) => total(bar.values)));
  const max = options.max ?? (largest > 0 ? largest : 1);
  const height = top + Math.max(options.bars.length, 1) * ROW;
  const titleId = `${options.id}-title`;
  return html`<svg
    id="${options.id}"
    class="chart"
    role="img"
    aria-labelledby="${titleId}"
    viewBox="0 0 ${WIDTH} ${height}"
    width="${WIDTH}"
    height="${height}"
    style="max-width: 100%; height: auto"
    font-size="13"
    font-family="system-ui, sans-serif"
  >
    <title id="${titleId}">${options.title}</title>
    ${legend && legendOf(series)}
    ${options.bars.map((bar, index) => barRow(bar, top + index * ROW, max, series))}
  </svg>`;
}

function barRow(bar: ChartBar, y: number, max: number, series: readonly ChartSeries[]): SafeHtml {
  const middle = y + ROW / 2;
  let x = LABEL_WIDTH;
  const parts = bar.values.map((value, index) => {
    const width = max > 0 ? (Math.max(0, value) / max) * BAR_AREA : 0;
    const part =
      width > 0 &&
      html`<rect
        x="${x.toFixed(1)}"
        y="${(middle - BAR / 2).toFixed(1)}"
        width="${width.toFixed(1)}"
        height="${BAR}"
        rx="2"
        fill="${series[index]?.color ?? ACCENT}"
        ><title>${series[index]?.label ?? bar.label}: ${value}</title></rect
      >`;
    x += width;
    return part;
  });
  return html`<g data-bar="${bar.label}">
    <text x="${LABEL_WIDTH - 8}" y="${middle + 4}" text-anchor="end" fill="${INK}">
      <title>${bar.label}</title>${shortened(bar.label)}
    </text>
    ${parts}
    <text x="${(x + 6).toFixed(1)}" y="${middle + 4}" fill="${INK}">${bar.text}</text>
  </g>`;
}

function legendOf(series: readonly ChartSeries[]): SafeHtml {
  const step = (WIDTH - LABEL_WIDTH) / series.length;
  return html`<g class="legend">
    ${series.map(
      (entry, index) =>
        html`<rect
            x="${(LABEL_WIDTH + index * step).toFixed(1)}"
            y="6"
            width="12"
            height="12"
            fill="${entry.color}"
          />
          <text x="${(LABEL_WIDTH + index * step + 18).toFixed(1)}" y="16" fill="${INK}"
            >${entry.label}</text
          >`,
    )}
  </g>`;
}

function total(values: readonly number[]): number {
  return values.reduce((sum, value) => sum + Math.max(0, value), 0);
}

function shortened(label: string): string {
  const characters = [...label];
  return characters.length > LABEL_CHARACTERS
    ? `${characters.slice(0, LABEL_CHARACTERS - 1).join('')}…`
    : label;
}
