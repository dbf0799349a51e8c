// Decoding settings beyond temperature, their limits and their checks. Pure data: the page imports it too.

/** Ways to narrow or reshape the next-character distribution before a draw; absent fields do nothing. */
export interface SamplingFilters {
  /** Keep only the k most likely characters (whole number, 1 to the vocabulary size). */
  topK?: number;
  /** Nucleus: keep the fewest most likely characters whose probabilities reach p, in (0, 1]; 1 keeps all. */
  topP?: number;
  /** CTRL repetition penalty ≥ 1 on characters seen in the last `penaltyWindow` characters; 1 is none. */
  repetitionPenalty?: number;
  /** How many of the latest characters (seed included) the penalty looks back over. */
  penaltyWindow?: number;
}

/** How a generation picks characters: sampling (with filters), or beam search when beamWidth is set. */
export interface GenerationChoice {
  filters?: SamplingFilters;
  /** Beam search with this many beams (2–16): the continuation with the highest total log-probability. */
  beamWidth?: number;
}

export const GENERATION_LIMITS = {
  beamWidth: { min: 2, max: 16 },
  /** Beam search reads [width, V] log-probabilities back per character; longer runs get slow. */
  beamLength: 1000,
  penaltyWindow: { min: 1, max: 10_000 },
  gridTemperatures: { min: 2, max: 8 },
  gridLength: 2000,
  /** Characters scored at most in one request (the probability view renders each one). */
  scoreLength: 10_000,
  maxTemperature: 10,
} as const;

export const DEFAULT_PENALTY_WINDOW = 64;
export const DEFAULT_GRID_TEMPERATURES = [0.2, 0.5, 0.8, 1.0, 1.3] as const;

/** True when any filter changes the distribution (so the plain temperature fast path cannot be used). */
export function hasFilters(f: SamplingFilters | undefined): boolean {
  if (!f) return false;
  return (
    f.topK !== undefined ||
    (f.topP !== undefined && f.topP < 1) ||
    (f.repetitionPenalty !== undefined && f.repetitionPenalty > 1)
  );
}

/** Plain-words problems with the filters; vocabSize bounds top-k when known. */
export function validateFilters(f: SamplingFilters, vocabSize?: number): string[] {
  const problems: string[] = [];
  if (f.topK !== undefined) {
    const max = vocabSize ?? Number.MAX_SAFE_INTEGER;
    if (!Number.isInteger(f.topK) || f.topK < 1 || f.topK > max) {
      problems.push(
        vocabSize
          ? `Top-k must be a whole number from 1 to ${vocabSize} (the vocabulary size).`
          : 'Top-k must be a whole number of at least 1.',
      );
    }
  }
  if (f.topP !== undefined && !(Number.isFinite(f.topP) && f.topP > 0 && f.topP <= 1)) {
    problems.push('Top-p must be a number above 0 and at most 1.');
  }
  if (
    f.repetitionPenalty !== undefined &&
    !(Number.isFinite(f.repetitionPenalty) && f.repetitionPenalty >= 1 && f.repetitionPenalty <= 100)
  ) {
    problems.push('Repetition penalty must be a number from 1 (no penalty) to 100.');
  }
  const w = f.penaltyWindow;
  if (
    w !== undefined &&
    !(Number.isInteger(w) && w >= GENERATION_LIMITS.penaltyWindow.min && w <= GENERATION_LIMITS.penaltyWindow.max)
  ) {
    problems.push(`Penalty window must be a whole number from 1 to ${GENERATION_LIMITS.penaltyWindow.max}.`);
  }
  return problems;
}

/** Problems with beam search settings for a generation of `length` characters. */
export function validateBeam(width: number, length: number): string[] {
  const { min, max } = GENERATION_LIMITS.beamWidth;
  const problems: string[] = [];
  if (!Number.isInteger(width) || width < min || width > max)
    problems.push(`Beam width must be a whole number from ${min} to ${max}.`);
  if (length > GENERATION_LIMITS.beamLength)
    problems.push(`Beam search writes at most ${GENERATION_LIMITS.beamLength} characters; lower the length.`);
  return problems;
}

/** Problems with a decoding choice (filters, beam) for a generation of `length` characters. */
export function validateGenerationChoice(choice: GenerationChoice, length: number, vocabSize?: number): string[] {
  const problems = choice.filters ? validateFilters(choice.filters, vocabSize) : [];
  if (choice.beamWidth !== undefined) problems.push(...validateBeam(choice.beamWidth, length));
  return problems;
}

/** Problems with a temperature grid: 2–8 temperatures from 0 to 10, and a length it can write quickly. */
export function validateGrid(temperatures: number[], length: number): string[] {
  const { min, max } = GENERATION_LIMITS.gridTemperatures;
  const problems: string[] = [];
  if (temperatures.length < min || temperatures.length > max)
    problems.push(`The temperature grid needs ${min} to ${max} temperatures.`);
  if (temperatures.some((t) => !Number.isFinite(t) || t < 0 || t > GENERATION_LIMITS.maxTemperature)) {
    problems.push('Each grid temperature must be a number from 0 to 10.');
  }
  if (!Number.isInteger(length) || length < 1 || length > GENERATION_LIMITS.gridLength) {
    problems.push(
      `The temperature grid writes 1 to ${GENERATION_LIMITS.gridLength} characters per column; lower the length.`,
    );
  }
  return problems;
}

/** "0.2, 0.5 1" -> [0.2, 0.5, 1]; NaN for a piece that is not a number (validateGrid reports it). */
export function parseTemperatureList(text: string): number[] {
  return text
    .split(/[\s,;]+/)
    .filter((piece) => piece !== '')
    .map((piece) => (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(piece) ? Number(piece) : NaN));
}
