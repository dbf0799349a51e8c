// The networks a plan chooses from, smallest first: each rung about three times the parameters of the one
// below, with the batch, window and learning rate that trained it well (docs/run-planning.md).
import { parameterCount, type ModelShape } from '../config';
import { CELL_LABELS, cellOf, type CellName } from '../cell';

export interface PlanShape {
  /** The cell; absent is the GRU the ladder was tuned with. With units, names the rung ("GRU 128", "LSTM 128"). */
  cell?: CellName;
  /** Units of the cell. */
  units: number;
  embeddingDim: number;
  batchSize: number;
  windowLength: number;
  /** Adam's peak rate; the plan warms up to it and decays to a tenth of it. */
  learningRate: number;
}

export const LADDER: readonly PlanShape[] = [
  { units: 32, embeddingDim: 16, batchSize: 8, windowLength: 16, learningRate: 1e-2 },
  { units: 64, embeddingDim: 32, batchSize: 16, windowLength: 32, learningRate: 2e-2 },
  { units: 128, embeddingDim: 64, batchSize: 16, windowLength: 64, learningRate: 2e-2 },
  { units: 256, embeddingDim: 64, batchSize: 32, windowLength: 64, learningRate: 8e-3 },
  { units: 512, embeddingDim: 128, batchSize: 32, windowLength: 100, learningRate: 4e-3 },
  { units: 1024, embeddingDim: 256, batchSize: 64, windowLength: 100, learningRate: 2e-3 },
];

/**
 * The ladder for a cell: the GRU's rungs (widths, batches, rates) with that cell, so an LSTM plan at a width has
 * 4/3 of the GRU's recurrent parameters and work there and an RNN 1/3, and the text and time limits size it.
 */
export function ladderFor(cell: CellName = 'gru'): readonly PlanShape[] {
  return cell === 'gru' ? LADDER : LADDER.map((s) => ({ ...s, cell }));
}

/** "GRU 128", "LSTM 128". */
export const shapeLabel = (s: Pick<PlanShape, 'cell' | 'units'>): string => `${CELL_LABELS[cellOf(s)]} ${s.units}`;

export function shapeModel(shape: PlanShape): ModelShape {
  return {
    cell: cellOf(shape),
    embeddingDim: shape.embeddingDim,
    units: shape.units,
    layers: 1,
    dropout: 0,
    embeddingDropout: false,
  };
}

export function shapeParameters(shape: PlanShape, vocabSize: number): number {
  return parameterCount({ ...shapeModel(shape), vocabSize });
}

/** Characters one training step reads. */
export const charactersPerStep = (shape: Pick<PlanShape, 'batchSize' | 'windowLength'>): number =>
  shape.batchSize * shape.windowLength;

/**
 * What a measured speed is kept under: the network and the batch (the vocabulary barely changes a step's time).
 * The device and kernels are the other half of the key (see speedKey).
 */
export function shapeKey(
  s: Pick<PlanShape, 'cell' | 'units' | 'embeddingDim' | 'batchSize' | 'windowLength'> & { layers?: number },
): string {
  return `${cellOf(s)}${s.units}x${s.layers ?? 1}-e${s.embeddingDim}-b${s.batchSize}-t${s.windowLength}`;
}

/** The ladder rung of a model and batch, if it is one. */
export function ladderShapeOf(model: ModelShape, batchSize: number, windowLength: number): PlanShape | undefined {
  return ladderFor(cellOf(model)).find(
    (s) =>
      s.units === model.units &&
      s.embeddingDim === model.embeddingDim &&
      (model.layers ?? 1) === 1 &&
      s.batchSize === batchSize &&
      s.windowLength === windowLength,
  );
}
