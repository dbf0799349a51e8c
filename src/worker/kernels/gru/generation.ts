// Generation on the GPU: per character one dispatch per layer (layer 0 the window's timestep program on the
// embedding-folded table; layer l > 0 a cell reading the new state of the layer below), and one that computes
// the logits and samples, writing the id into a history buffer the next step reads. A chunk is one raw loop
// (rawPass.ts) into chunk buffers, read back at once. fusedGruStep (beam search, batch decoding) steps every
// layer with cells. Every cell (GRU, LSTM, RNN: cellKernel.ts); a layer's state is [B, P·H] (h, and the LSTM's c).
import * as tf from '../../tfjs';
import type { GruWeights } from '../../model/gru';
import { GruCellProgram } from './gruCell';
import { runProgram, type WebGPUProgram } from '../dispatch/programRunner';
import { runLoop, PreallocatedOutput } from '../dispatch/inPlace';
import { CopyProgram } from '../dispatch/copyProgram';
import { embeddingTable } from '../step/embeddingTable';
import { GruForwardStepProgram } from './gruForwardStep';
import { GRU_KERNEL, type CellKernel } from './cellKernel';
import { LogitsSamplerProgram } from '../output/logitsSampler';

type LoopParts = Array<{ output: PreallocatedOutput; program: WebGPUProgram; inputs: tf.Tensor[] }>;

export interface GenerationWeights {
  embedding: tf.Tensor2D; // [V, E]
  gru: GruWeights[]; // one per layer
  fcWeight: tf.Tensor2D; // [V, H]
  fcBias: tf.Tensor1D; // [V]
  /** The cell of every layer (GRU when absent). */
  cell?: CellKernel;
}

export interface GeneratedChunk {
  ids: tf.Tensor2D; // [count, B] int32: ids[s, b] is the character after step s
  h: tf.Tensor3D; // [L, B, P·H] state after feeding the chunk's last input
}

/** The cell programs of a stack: layer 0 reads ids (from firstIds or the history), layers above read dense input. */
function cellPrograms(w: GenerationWeights, batch: number, units: number, slots: number): GruCellProgram[] {
  const embed = w.embedding.shape[1];
  return w.gru.map(
    (_, l) => new GruCellProgram({ batch, units, embed: l === 0 ? embed : units, slots, dense: l > 0, cell: w.cell }),
  );
}

/**
 * One character through every layer: states [B, P·H] per layer (replaced in place in the array; the old ones
 * are disposed unless they belong to `keep`). Returns the top layer's new state.
 */
function stepLayers(
  w: GenerationWeights,
  cells: GruCellProgram[],
  biases: tf.Tensor[],
  states: tf.Tensor2D[],
  ids: [tf.Tensor1D, tf.Tensor],
  slot: number,
  keep: ReadonlySet<tf.Tensor>,
): tf.Tensor2D {
  let below: tf.Tensor2D | undefined;
  w.gru.forEach((g, l) => {
    const input = l === 0 ? [w.embedding, ids[0], ids[1]] : [below as tf.Tensor2D];
    const next = runProgram(cells[l], [...input, g.weightIh, g.weightHh, biases[l], states[l]], [slot]) as tf.Tensor2D;
    if (!keep.has(states[l])) states[l].dispose();
    states[l] = next;
    below = next;
  });
  return below as tf.Tensor2D;
}

/**
 * Feeds firstIds [B] (int32), then each sampled id, `count` times from state h [L, B, P·H]; draws [count, B] are
 * uniform numbers in [0, 1) (unused at temperature 0: argmax). No readback inside; caller disposes the result.
 * Per character: layer 0 is the training window's timestep program reading the embedding-folded table by id
 * (its state buffer holds the chunk), layers above are cells, and the output layer samples in one dispatch.
 */
export function generateChunk(
  w: GenerationWeights,
  h: tf.Tensor3D,
  firstIds: tf.Tensor1D,
  count: number,
  temperature: number,
  draws: tf.Tensor2D,
): GeneratedChunk {
  const cell = w.cell ?? GRU_KERNEL;
  const P = cell.statePlanes;
  const [, batch] = h.shape;
  const units = w.gru[0].weightHh.shape[1];
  const vocab = w.embedding.shape[0];
  return tf.tidy(() => {
    const tokens = new PreallocatedOutput([count + 1, batch], 'int32'); // row 0 the first input, row s + 1 step s's pick
    tokens.run(new CopyProgram(batch), [firstIds]);
    const starts = tf.unstack(h) as tf.Tensor2D[];
    const first = w.gru[0];
    const table = embeddingTable(w.embedding, first.weightIh, first.biasIh);
    const whhT = tf.transpose(first.weightHh);
    const state = new PreallocatedOutput([cell.planes.length, count, batch, units]);
    const step0 = new GruForwardStepProgram({ time: count, batch, units }, true, undefined, true, cell);
    // Layers above the first: cells writing row s of a chunk buffer each, reading the row below's new state.
    const upper = w.gru
      .slice(1)
      .map(
        () =>
          new GruCellProgram({ batch, units, embed: units, slots: count, dense: true, xRows: true, chunk: true, cell }),
      );
    // [count, B, H] for the GRU; [P, count, B, H] (planes h, c) for the LSTM.
    const chunkStates = upper.map(
      () => new PreallocatedOutput(P === 1 ? [count, batch, units] : [P, count, batch, units]),
    );
    const sampler = new LogitsSamplerProgram({ batch, units, vocab, count, rows: true });
    const tau = tf.tensor1d([temperature]);
    const parts: LoopParts = [
      { output: state, program: step0, inputs: [table, whhT, first.biasHh, starts[0], tokens.asInput] },
    ];
    let below = state.asInput;
    upper.forEach((cell, i) => {
      const g = w.gru[i + 1];
      const biases = tf.stack([g.biasIh, g.biasHh]);
      parts.push({
        output: chunkStates[i],
        program: cell,
        inputs: [below, g.weightIh, g.weightHh, biases, starts[i + 1]],
      });
      below = chunkStates[i].asInput;
    });
    parts.push({ output: tokens, program: sampler, inputs: [below, w.fcWeight, w.fcBias, draws, tau] });
    // One raw loop (rawPass.ts): per character every layer, then the sampler reading the top layer's new state.
    runLoop(
      parts,
      Array.from({ length: count }, (_, s) => parts.map(() => [s])),
    );
    // The state after the last step: h (and c) of row count − 1, [B, P·H] (planes side by side: with one row
    // the slice already lies in that order, no transpose).
    const lastRow = (t: tf.Tensor) => {
      const row = tf.slice(t, [0, count - 1, 0, 0], [P, 1, batch, units]);
      return tf.reshape(P === 1 || batch === 1 ? row : tf.transpose(row, [1, 2, 0, 3]), [batch, P * units]);
    };
    const states = [state, ...chunkStates].map((o) => lastRow(tf.reshape(o.toTensor(), [-1, count, batch, units])));
    const all = tokens.toTensor();
    const ids = tf.slice(all, [1, 0], [count, batch]) as tf.Tensor2D;
    return { ids, h: tf.stack(states) as tf.Tensor3D };
  });
}

/** One fused cell step h' = cell(emb[ids], h) for ids [B] (int32) and h [L, B, P·H]: one dispatch per layer. */
export function fusedGruStep(w: GenerationWeights, ids: tf.Tensor1D, h: tf.Tensor3D): tf.Tensor3D {
  const [, batch] = h.shape;
  const units = w.gru[0].weightHh.shape[1];
  const cells = cellPrograms(w, batch, units, 1);
  return tf.tidy(() => {
    const biases = w.gru.map((g) => tf.stack([g.biasIh, g.biasHh]));
    const states = tf.unstack(h) as tf.Tensor2D[]; // tidy disposes the replaced ones
    stepLayers(w, cells, biases, states, [ids, ids], 0, new Set(states));
    return tf.stack(states) as tf.Tensor3D;
  });
}
