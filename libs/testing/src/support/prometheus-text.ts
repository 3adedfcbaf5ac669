/** One sample of a Prometheus text exposition: `name{label="value",…} 12.5`. */
export interface MetricSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** The samples of a `/metrics` answer, comments left out. */
export function parseMetrics(text: string): MetricSample[] {
  const samples: MetricSample[] = [];
  for (const line of text.split('\n')) {
    const groups = /^(?<name>[a-zA-Z_:][\w:]*)(?:\{(?<labels>.*)\})? (?<value>\S+)/.exec(
      line,
    )?.groups;
    if (!groups) continue;
    const labels: Record<string, string> = {};
    for (const [, key = '', value = ''] of (groups['labels'] ?? '').matchAll(
      /(\w+)="((?:[^"\\]|\\.)*)"/g,
    )) {
      labels[key] = value.replace(/\\(.)/g, (_escape, char: string) =>
        char === 'n' ? '\n' : char,
      );
    }
    samples.push({ name: groups['name'] ?? '', labels, value: Number(groups['value']) });
  }
  return samples;
}

/** The value of the one sample named `name` whose labels include `labels`, if there is one. */
export function metricValue(
  samples: readonly MetricSample[],
  name: string,
  labels: Record<string, string> = {},
): number | undefined {
  const found = samples.filter(
    (sample) =>
      sample.name === name &&
      Object.entries(labels).every(([key, value]) => sample.labels[key] === value),
  );
  if (found.length > 1)
    throw new Error(`${found.length} samples of ${name} match ${JSON.stringify(labels)}`);
  return found[0]?.value;
}
