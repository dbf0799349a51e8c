// The page's state for the sampling studio: the temperature grid and scored texts (probability view).
// A reducer over the worker's events, plus the small pure helpers the views use; tested without React.
import type { ScoreTarget, ScoredEvent, TemperatureGridEvent } from '../../../shared/protocol';
import type { AppAction } from '../app/actions';

export type TemperatureGridState = Omit<TemperatureGridEvent, 'type'>;

/** A scored text as the worker sent it, plus its characters (code points): index i matches probabilities[i]. */
export type ScoredText = Omit<ScoredEvent, 'type' | 'target'> & { characters: string[] };

export interface StudioState {
  grid: TemperatureGridState | null;
  scored: Record<ScoreTarget, ScoredText | null>;
}

export const initialStudioState: StudioState = { grid: null, scored: { generated: null, pasted: null } };

/** Returns the same object for every action but the grid's and the scored texts'. */
export function studioReducer(state: StudioState, e: AppAction): StudioState {
  if (e.type === 'temperatureGrid') {
    const { status, seed, temperatures, columns } = e;
    return { ...state, grid: { status, seed, temperatures, columns } };
  }
  if (e.type !== 'scored') return state;
  const { type: _type, target, ...fields } = e;
  const scored: ScoredText = { ...fields, characters: [...e.text] };
  return { ...state, scored: { ...state.scored, [target]: scored } };
}

export interface Alternative {
  character: string;
  probability: number;
}

/** The k likeliest characters the model saw at position i, best first. */
export function alternativesAt(s: ScoredText, i: number): Alternative[] {
  const out: Alternative[] = [];
  for (let r = 0; r < s.k; r++)
    out.push({ character: s.vocabulary[s.topIds[i * s.k + r]], probability: s.topProbabilities[i * s.k + r] });
  return out;
}

/** Colour bands of the probability view, likeliest first; band i holds probabilities ≥ min. */
export const PROBABILITY_BANDS = [
  { min: 0.5, label: '50% or more' },
  { min: 0.2, label: '20–50%' },
  { min: 0.05, label: '5–20%' },
  { min: 0.01, label: '1–5%' },
  { min: 0, label: 'under 1%' },
] as const;

/** Band index for a probability; null for an unscored character (NaN). */
export function probabilityBand(p: number): number | null {
  if (Number.isNaN(p)) return null;
  const band = PROBABILITY_BANDS.findIndex((b) => p >= b.min);
  return band === -1 ? PROBABILITY_BANDS.length - 1 : band;
}

export function formatProbability(p: number): string {
  if (p >= 0.9995) return '100%';
  if (p < 0.001) return '<0.1%';
  return `${(p * 100).toFixed(p < 0.1 ? 1 : 0)}%`;
}

/** A character as words where it is invisible: "line break", "space", "tab". */
export function characterName(c: string): string {
  if (c === '\n') return 'line break';
  if (c === ' ') return 'space';
  if (c === '\t') return 'tab';
  return `“${c}”`;
}

export interface TextStatistics {
  /** Mean cross-entropy in nats per character. */
  loss: number;
  perplexity: number;
  bitsPerCharacter: number;
}

export function textStatistics(meanLoss: number | null): TextStatistics | null {
  if (meanLoss === null || !Number.isFinite(meanLoss)) return null;
  return { loss: meanLoss, perplexity: Math.exp(meanLoss), bitsPerCharacter: meanLoss / Math.LN2 };
}
