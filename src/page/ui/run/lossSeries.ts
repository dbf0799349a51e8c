// Fewer points for the chart: a 100k-step history drawn point by point is slow and unreadable.
import type { LossPoint } from '../../../shared/training';

export const CHART_MAX_POINTS = 500;

/**
 * Min/max bucketing: the first and last points, then the lowest and highest loss of each bucket of the
 * points between, in step order. Spikes and dips survive; the result has at most maxPoints (at least 4) points.
 */
export function downsample(points: readonly LossPoint[], maxPoints = CHART_MAX_POINTS): LossPoint[] {
  const max = Math.max(4, Math.floor(maxPoints));
  if (points.length <= max) return points.slice();
  const buckets = Math.floor((max - 2) / 2);
  const interior = points.length - 2;
  const result: LossPoint[] = [points[0]];
  for (let b = 0; b < buckets; b++) {
    const start = 1 + Math.floor((b * interior) / buckets);
    const end = 1 + Math.floor(((b + 1) * interior) / buckets);
    if (start >= end) continue;
    let lo = start;
    let hi = start;
    for (let i = start + 1; i < end; i++) {
      if (points[i].loss < points[lo].loss) lo = i;
      if (points[i].loss > points[hi].loss) hi = i;
    }
    if (lo === hi) result.push(points[lo]);
    else result.push(points[Math.min(lo, hi)], points[Math.max(lo, hi)]);
  }
  result.push(points[points.length - 1]);
  return result;
}

/** Points after the last step already held, so a repeated or overlapping batch adds nothing twice. */
export function appendPoints(series: LossPoint[], added: readonly LossPoint[]): LossPoint[] {
  const lastStep = series.length > 0 ? series[series.length - 1].step : -Infinity;
  const fresh = added.filter((p) => p.step > lastStep && Number.isFinite(p.loss));
  return fresh.length === 0 ? series : series.concat(fresh);
}
