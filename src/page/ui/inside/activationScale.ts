// How the neuron explorer turns activations into colours and numbers: pure helpers, tested without React.
import type { CellSignal } from '../../../shared/cell';
import type { ActivationView } from './insideState';

/** The values of one signal of one layer, [steps, units] row-major. */
export function signalValues(view: ActivationView, signal: CellSignal, layer: number): Float32Array {
  const layers = view.values[signal] ?? view.values.h!; // every cell has h
  return layers[Math.min(layer, layers.length - 1)];
}

/** The signal to show: the one asked for when this model's cell has it, else h. */
export const shownSignal = (view: ActivationView, signal: CellSignal): CellSignal =>
  view.signals.includes(signal) ? signal : 'h';

/** Column `unit` of a [steps, units] matrix: that unit's value after each character. */
export function unitColumn(values: Float32Array, units: number, unit: number): Float32Array {
  const steps = Math.floor(values.length / units);
  const out = new Float32Array(steps);
  for (let t = 0; t < steps; t++) out[t] = values[t * units + unit];
  return out;
}

/** Gates are sigmoids (0..1); h, the LSTM's candidate g and its cell state c are tanh-like (−1..1; c clamps). */
const SIGMOID_GATES: readonly CellSignal[] = ['z', 'r', 'i', 'f', 'o'];

/** The range each signal lives in. */
export function signalRange(signal: CellSignal): { low: number; middle: number; high: number } {
  return SIGMOID_GATES.includes(signal) ? { low: 0, middle: 0.5, high: 1 } : { low: -1, middle: 0, high: 1 };
}

/** −1..1 around the signal's middle (clamped). */
export function divergingPosition(value: number, signal: CellSignal): number {
  const { middle, high } = signalRange(signal);
  return Math.max(-1, Math.min(1, (value - middle) / (high - middle)));
}

// Blue below the middle, white at it, orange above: a diverging scale that reads in grey too (lightness falls
// away from the middle on both sides).
const LOW = [33, 102, 172];
const HIGH = [214, 96, 77];

export function activationColour(value: number, signal: CellSignal): string {
  const p = divergingPosition(value, signal);
  const end = p < 0 ? LOW : HIGH;
  const a = Math.abs(p);
  const mix = (i: number) => Math.round(255 + (end[i] - 255) * a);
  return `rgb(${mix(0)}, ${mix(1)}, ${mix(2)})`;
}

/** Text on a strong colour needs to be white to stay readable. */
export function textColourOn(value: number, signal: CellSignal): string | undefined {
  return Math.abs(divergingPosition(value, signal)) > 0.6 ? '#fff' : undefined;
}

export const SIGNAL_NAMES: Record<CellSignal, string> = {
  h: 'h (hidden state)',
  z: 'z (update gate)',
  r: 'r (reset gate)',
  i: 'i (input gate)',
  f: 'f (forget gate)',
  o: 'o (output gate)',
  g: 'g (candidate)',
  c: 'c (cell state)',
};

/** The k likeliest next characters after character t, best first. */
export function nextCharacters(view: ActivationView, t: number): { character: string; probability: number }[] {
  const out = [];
  for (let r = 0; r < view.k; r++)
    out.push({
      character: view.vocabulary[view.topIds[t * view.k + r]],
      probability: view.topProbabilities[t * view.k + r],
    });
  return out;
}

/** "42.0%" of a part of a whole; "0%" of nothing. */
export function shareWords(part: number, whole: number): string {
  return whole > 0 ? `${((100 * part) / whole).toFixed(1)}%` : '0%';
}
