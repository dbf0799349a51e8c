// Picking the next character on the CPU with filters, in the order Hugging Face's samplers use:
//   repetition penalty on logits -> temperature -> top-k -> top-p (nucleus) -> one draw.
// With no filters the draw is exactly sampleFromLogits' (same weights, same order, one rng number).
import type { Rng } from '../../shared/data/rng';
import { DEFAULT_PENALTY_WINDOW, type SamplingFilters } from '../../shared/generationConfig';
import { argmax } from './sampler';

/**
 * CTRL (Keskar et al. 2019): for each character among `recent`, a positive logit is divided by the penalty
 * and a negative one multiplied by it, so a repeated character always becomes less likely. Returns a copy.
 */
export function penalize(logits: ArrayLike<number>, recent: Iterable<number>, penalty: number): Float64Array {
  const out = Float64Array.from(logits as ArrayLike<number>);
  if (penalty === 1) return out;
  for (const id of new Set(recent)) {
    if (id < 0 || id >= out.length) continue;
    out[id] = out[id] > 0 ? out[id] / penalty : out[id] * penalty;
  }
  return out;
}

/** Indices from the highest score down; ties keep the lower index first, so masks are deterministic. */
function ranked(scores: ArrayLike<number>, keep?: Uint8Array): number[] {
  const order: number[] = [];
  for (let i = 0; i < scores.length; i++) if (!keep || keep[i]) order.push(i);
  return order.sort((a, b) => scores[b] - scores[a] || a - b);
}

/** Mask (1 = kept) of the k highest scores. */
export function keepTopK(scores: ArrayLike<number>, k: number): Uint8Array {
  const keep = new Uint8Array(scores.length);
  for (const i of ranked(scores).slice(0, Math.max(1, k))) keep[i] = 1;
  return keep;
}

/**
 * Nucleus mask: the fewest highest-weighted entries whose share of the total weight reaches p (at least
 * one). Weights need not be normalised; entries already masked out (keep[i] = 0) stay out.
 */
export function keepTopP(weights: ArrayLike<number>, p: number, keep?: Uint8Array): Uint8Array {
  const order = ranked(weights, keep);
  const total = order.reduce((sum, i) => sum + weights[i], 0);
  const out = new Uint8Array(weights.length);
  let cumulative = 0;
  for (const i of order) {
    out[i] = 1;
    cumulative += weights[i];
    if (cumulative >= p * total) break;
  }
  return out;
}

/**
 * Unnormalised weights of the next character after every filter (0 = ruled out), at temperature > 0.
 * history: ids so far (seed included); the penalty looks at its last `penaltyWindow`.
 */
export function filteredWeights(
  logits: ArrayLike<number>,
  history: readonly number[],
  temperature: number,
  f: SamplingFilters = {},
): Float64Array {
  const scores = penalizedLogits(logits, history, f);
  let max = -Infinity;
  for (let i = 0; i < scores.length; i++) max = Math.max(max, scores[i]);
  const weights = new Float64Array(scores.length);
  for (let i = 0; i < scores.length; i++) weights[i] = Math.exp((scores[i] - max) / temperature); // max-shift keeps exp in range
  let keep: Uint8Array | undefined = f.topK !== undefined ? keepTopK(scores, f.topK) : undefined;
  if (f.topP !== undefined && f.topP < 1) keep = keepTopP(weights, f.topP, keep);
  if (keep) for (let i = 0; i < weights.length; i++) if (!keep[i]) weights[i] = 0;
  return weights;
}

function penalizedLogits(logits: ArrayLike<number>, history: readonly number[], f: SamplingFilters): ArrayLike<number> {
  const penalty = f.repetitionPenalty ?? 1;
  if (penalty === 1) return logits;
  const window = f.penaltyWindow ?? DEFAULT_PENALTY_WINDOW;
  return penalize(logits, history.slice(Math.max(0, history.length - window)), penalty);
}

/** The next id: argmax of the penalised logits at temperature 0, else one draw from the filtered weights. */
export function sampleNext(
  logits: ArrayLike<number>,
  history: readonly number[],
  temperature: number,
  f: SamplingFilters,
  rng: Rng,
): number {
  if (temperature <= 0) return argmax(penalizedLogits(logits, history, f));
  const weights = filteredWeights(logits, history, temperature, f);
  let total = 0;
  for (let i = 0; i < weights.length; i++) total += weights[i];
  let u = rng.next() * total;
  for (let i = 0; i < weights.length; i++) {
    u -= weights[i];
    if (u < 0) return i;
  }
  return argmax(weights); // only reached through rounding at u ≈ total
}
