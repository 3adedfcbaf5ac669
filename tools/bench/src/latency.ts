import { Histogram, build } from 'hdr-histogram-js';

/** Percentiles in milliseconds, to the microsecond. */
export interface LatencySummary {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

/** Latencies recorded in microseconds (HdrHistogram, 3 significant digits). */
export class LatencyRecorder {
  private readonly histogram: Histogram = build({ numberOfSignificantValueDigits: 3 });

  /** Records `ms` milliseconds (fractions kept to the microsecond). */
  record(ms: number): void {
    this.histogram.recordValue(Math.max(1, Math.round(ms * 1000)));
  }

  get count(): number {
    return this.histogram.totalCount;
  }

  summary(): LatencySummary {
    const at = (percentile: number) => toMs(this.histogram.getValueAtPercentile(percentile));
    return {
      count: this.histogram.totalCount,
      p50: at(50),
      p95: at(95),
      p99: at(99),
      max: toMs(this.histogram.maxValue),
      mean: toMs(this.histogram.mean),
    };
  }
}

function toMs(microseconds: number): number {
  return Math.round(microseconds) / 1000;
}
