// Which units track which feature: the Pearson correlation of each unit's activation over the text with
// each feature of the text (textFeatures.ts), best |r| first.
import { TEXT_FEATURES, textFeatures, type TextFeature } from './textFeatures';

export interface UnitMatch {
  unit: number;
  /** Pearson correlation over the characters, −1..1 (0 when either series is constant). */
  correlation: number;
}

export interface FeatureRanking {
  feature: TextFeature;
  /** Best |correlation| first. */
  units: UnitMatch[];
}

/** Pearson correlation of x and column `unit` of the row-major matrix values [n, units]. */
export function pearson(x: Float32Array, values: Float32Array, units: number, unit: number): number {
  const n = x.length;
  if (n < 2) return 0;
  let sx = 0,
    sy = 0;
  for (let i = 0; i < n; i++) {
    sx += x[i];
    sy += values[i * units + unit];
  }
  const mx = sx / n,
    my = sy / n;
  let sxy = 0,
    sxx = 0,
    syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i] - mx,
      dy = values[i * units + unit] - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  // A constant series correlates with nothing (and 0/0 would be NaN).
  return sxx > 1e-12 && syy > 1e-12 ? sxy / Math.sqrt(sxx * syy) : 0;
}

/** For each feature, the `top` units whose activation (values [n, units], row-major) follows it best. */
export function rankUnits(
  characters: readonly string[],
  values: Float32Array,
  units: number,
  top = 3,
): FeatureRanking[] {
  const features = textFeatures(characters);
  return TEXT_FEATURES.map((feature) => {
    const matches: UnitMatch[] = [];
    for (let u = 0; u < units; u++)
      matches.push({ unit: u, correlation: pearson(features[feature], values, units, u) });
    matches.sort((a, b) => Math.abs(b.correlation) - Math.abs(a.correlation) || a.unit - b.unit);
    return { feature, units: matches.slice(0, top) };
  });
}

/** The distinct units of a ranking, in order of their best |correlation| (for the heat strip). */
export function topUnits(rankings: readonly FeatureRanking[], count: number): number[] {
  const best = new Map<number, number>();
  for (const r of rankings)
    for (const m of r.units) best.set(m.unit, Math.max(best.get(m.unit) ?? 0, Math.abs(m.correlation)));
  return [...best.entries()]
    .sort((a, b) => b[1] - a[1] || a[0] - b[0])
    .slice(0, count)
    .map(([unit]) => unit);
}
