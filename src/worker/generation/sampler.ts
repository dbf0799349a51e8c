// Choosing the next character from logits: argmax at temperature 0, else a draw from softmax(logits / T).
import type { Rng } from '../../shared/data/rng';

export function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}

/** Index drawn from softmax(logits / temperature); greedy when temperature is 0. */
export function sampleFromLogits(logits: ArrayLike<number>, temperature: number, rng: Rng): number {
  if (temperature <= 0) return argmax(logits);
  let max = -Infinity;
  for (let i = 0; i < logits.length; i++) max = Math.max(max, logits[i]);
  const weights = new Float64Array(logits.length);
  let total = 0;
  for (let i = 0; i < logits.length; i++) {
    weights[i] = Math.exp((logits[i] - max) / temperature); // max-shift keeps exp in range
    total += weights[i];
  }
  let u = rng.next() * total;
  for (let i = 0; i < weights.length; i++) {
    u -= weights[i];
    if (u < 0) return i;
  }
  return argmax(logits); // only reached through rounding at u ≈ total
}

/** Checks generation settings; returns plain-words problems. */
export function validateGeneration(length: number, temperature: number): string[] {
  const problems: string[] = [];
  if (!Number.isInteger(length) || length < 1 || length > 100_000) {
    problems.push('Length must be a whole number from 1 to 100000.');
  }
  if (!Number.isFinite(temperature) || temperature < 0 || temperature > 10) {
    problems.push('Temperature must be a number from 0 (greedy) to 10.');
  }
  return problems;
}
