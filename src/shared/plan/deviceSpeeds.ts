// Speed tables of known devices, for tests and the page's test hook (?faults): what the plan would choose there
// without timing it. Figures: docs/run-planning.md.
import { LADDER, ladderFor, shapeParameters } from './ladder';
import { CELLS } from '../cell';
import { keyFor, type SpeedTable } from './planner';

/**
 * Every rung's speed, of every cell: the GRU rung of `atUnits` at `charactersPerSecond`, the others scaled by
 * their parameters (an LSTM's 4 gates against the GRU's 3).
 */
export function speedsLike(vocabSize: number, atUnits: number, charactersPerSecond: number, exponent = 1): SpeedTable {
  const ref = LADDER.find((s) => s.units === atUnits);
  if (!ref) throw new Error(`no rung of ${atUnits} units`);
  const p0 = shapeParameters(ref, vocabSize);
  return Object.fromEntries(
    CELLS.flatMap((cell) => ladderFor(cell)).map((s) => [
      keyFor(s, vocabSize),
      charactersPerSecond * (p0 / shapeParameters(s, vocabSize)) ** exponent,
    ]),
  );
}

/** About what cuDNN trains on an H200: 500,000 characters/s at GRU 1024, small networks limited by their steps. */
export const fastGpuSpeeds = (vocabSize: number): SpeedTable => speedsLike(vocabSize, 1024, 500_000, 0.3);

/** About SwiftShader on two CPU cores: Tiny at 2,500 characters/s, larger ones slower in proportion. */
export const softwareSpeeds = (vocabSize: number): SpeedTable => speedsLike(vocabSize, 32, 2_500);
